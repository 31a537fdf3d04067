"""Calls from the telephony system's nightly export, one row per call offered to a queue."""
import csv
import io
from dataclasses import dataclass

QUEUES = ("housing", "council-tax", "waste")


def seconds(clock):
    """Seconds since midnight of an 'HH:MM:SS' time from the export."""
    hours, minutes, secs = (int(part) for part in clock.split(":"))
    if not (0 <= hours < 24 and 0 <= minutes < 60 and 0 <= secs < 60):
        raise ValueError(f"not a time of day: {clock!r}")
    return hours * 3600 + minutes * 60 + secs


@dataclass(frozen=True)
class Call:
    call_id: str
    queue: str
    offered: int
    answered: int | None
    ended: int

    @property
    def abandoned(self):
        return self.answered is None

    @property
    def wait(self):
        """Seconds the caller waited: until answered, or until they hung up."""
        return (self.ended if self.answered is None else self.answered) - self.offered


def read_calls(text):
    """Reads the export (call_id,queue,offered,answered,ended; answered is empty for a caller who hung up)."""
    calls = []
    for row in csv.DictReader(io.StringIO(text)):
        queue = row["queue"].strip()
        if queue not in QUEUES:
            raise ValueError(f"call {row['call_id']}: unknown queue {queue!r}")
        answered = row["answered"].strip()
        call = Call(
            call_id=row["call_id"].strip(),
            queue=queue,
            offered=seconds(row["offered"].strip()),
            answered=seconds(answered) if answered else None,
            ended=seconds(row["ended"].strip()),
        )
        if call.wait < 0 or call.ended < call.offered:
            raise ValueError(f"call {call.call_id}: ends before it was offered")
        calls.append(call)
    return calls


def by_queue(calls):
    """The calls of each queue, queues in the export's order of QUEUES, calls in the order offered."""
    grouped = {queue: [] for queue in QUEUES}
    for call in sorted(calls, key=lambda c: (c.offered, c.call_id)):
        grouped[call.queue].append(call)
    return {queue: grouped[queue] for queue in QUEUES if grouped[queue]}
