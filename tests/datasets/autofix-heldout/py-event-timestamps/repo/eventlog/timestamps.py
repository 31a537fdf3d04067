"""Reading the timestamps clients put on events."""
from datetime import datetime, timezone

SERVER_FORMAT = "%Y-%m-%dT%H:%M:%S"


def parse_timestamp(text: str) -> datetime:
    """An event's timestamp as an aware datetime; offset-less times are UTC."""
    moment = datetime.strptime(text, SERVER_FORMAT)
    return moment.replace(tzinfo=timezone.utc)


def seconds_between(first: str, second: str) -> float:
    return (parse_timestamp(second) - parse_timestamp(first)).total_seconds()
