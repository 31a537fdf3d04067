"""Runs one billing task that fails, reporting through the real sentry_sdk.

Usage: SENTRY_DSN=... python3 -m billing.run <task> '<input json>' <user id>
"""
import json
import os
import sys

import sentry_sdk

from billing import accounts, catalog, mailer, orders, parsing, stats, text

TASKS = {
    "send_receipt": lambda i: mailer.send_receipt(i["user"], i["order_id"]),
    "send_reminder": lambda i: mailer.send_reminder(i["user"], i["days"]),
    "monthly_report": lambda i: stats.monthly_report(i["invoices"]),
    "dashboard_summary": lambda i: stats.dashboard_summary(i["payments"]),
    "format_address": lambda i: text.format_address(i["account"]),
    "format_note": lambda i: text.format_note(i["invoice"]),
    "format_phone": lambda i: text.format_phone(i["account"]),
    "price_list": lambda i: catalog.price_list(i["products"]),
    "import_order_line": lambda i: parsing.import_order_line(i["line"]),
    "update_cart": lambda i: parsing.update_cart({}, i["form"]),
    "shipping_label": lambda i: orders.shipping_label(i["order"]),
    "overdue_notice": lambda i: accounts.overdue_notice(i["account"]),
}


def main():
    task, raw, user_id = sys.argv[1:4]
    sentry_sdk.init(dsn=os.environ["SENTRY_DSN"], release="billing@1.8.0", environment="production",
                    in_app_include=["billing"], default_integrations=True)
    sentry_sdk.set_user({"id": user_id})
    sentry_sdk.set_tag("task", task)
    sentry_sdk.add_breadcrumb(category="job", message=f"start {task}", level="info")
    try:
        TASKS[task](json.loads(raw))
    except Exception:  # noqa: BLE001 - every failure is reported, that is the point
        sentry_sdk.capture_exception()
    sentry_sdk.flush(5)


if __name__ == "__main__":
    main()
