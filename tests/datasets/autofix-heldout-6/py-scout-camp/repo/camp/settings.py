"""A camp's settings (camp.ini): its name and the tents each section sleeps in."""
import configparser

from camp.roster import SECTIONS


def read_camp(text):
    parser = configparser.ConfigParser()
    parser.read_string(text)
    berths = {section: parser.getint("tents", section) for section in SECTIONS}
    return parser["camp"]["name"], berths
