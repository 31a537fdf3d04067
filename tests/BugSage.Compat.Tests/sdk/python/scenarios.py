"""Scenarios the compatibility tests run with Debian's python3-sentry-sdk; prints the event ids."""
import json
import logging
import os
import sys

import sentry_sdk
from sentry_sdk.integrations.logging import LoggingIntegration

# The application logs at INFO: the integration turns those lines into breadcrumbs.
logging.getLogger().setLevel(logging.INFO)

event_ids = []


def remember(event, hint):
    event_ids.append(event["event_id"])
    return event


sentry_sdk.init(
    dsn=os.environ["SENTRY_DSN"],
    release="billing@4.2.0",
    environment="compat",
    before_send=remember,
    integrations=[LoggingIntegration(level=logging.INFO, event_level=logging.ERROR)],
)


class Invoice:
    def __init__(self, lines):
        self.lines = lines


def total(invoice):
    subtotal = sum(line["amount"] for line in invoice.lines)
    return subtotal / invoice.lines[0]["quantity"]


def charge(invoice_id):
    invoice = Invoice([{"amount": 120, "quantity": 0}])
    try:
        return total(invoice)
    except ZeroDivisionError as error:
        raise RuntimeError(f"could not charge invoice {invoice_id}") from error


scenario = sys.argv[1]
if scenario == "exception":
    logging.getLogger("billing").info("charging invoice 77")
    try:
        charge(77)
    except RuntimeError:
        sentry_sdk.capture_exception()
elif scenario == "logging":
    logging.getLogger("billing.reminders").error("Reminder for invoice %s bounced", 78)
sentry_sdk.flush(10)
print(json.dumps({"eventIds": event_ids}))
