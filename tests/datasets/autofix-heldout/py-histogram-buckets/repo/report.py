"""Weekly latency report: the gateway caps latencies at its 500 ms timeout."""
from stats.histogram import histogram

latencies_ms = [12, 48, 130, 260, 499, 500]
print(histogram(latencies_ms, 0, 500, 5))
