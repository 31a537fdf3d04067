"""The report's settings (report.ini): which wait percentiles to print, and each queue's answer target."""
import configparser

from helpline.calls import QUEUES


def read_settings(text):
    parser = configparser.ConfigParser()
    parser.read_string(text)
    percentiles = [int(p) for p in parser["report"]["percentiles"].split()]
    if not percentiles:
        raise ValueError("no percentiles to report")
    targets = {}
    for queue in QUEUES:
        targets[queue] = parser.getint("targets", queue, fallback=parser.getint("targets", "default"))
    return percentiles, targets


def label(p):
    return "longest" if p == 100 else f"p{p}"
