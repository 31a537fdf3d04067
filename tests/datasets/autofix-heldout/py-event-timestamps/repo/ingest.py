"""Orders a batch of events the mobile SDK uploaded after being offline."""
from eventlog.timestamps import parse_timestamp

batch = [
    {"id": "a1", "timestamp": "2024-03-07T10:00:05"},
    {"id": "a2", "timestamp": "2024-03-07T10:00:01Z"},
]
for event in sorted(batch, key=lambda e: parse_timestamp(e["timestamp"])):
    print(event["id"])
