"""Fixed-width histograms of request latencies for the weekly report."""


def bucket_edges(low: float, high: float, count: int) -> list:
    width = (high - low) / count
    return [low + i * width for i in range(count + 1)]


def histogram(samples: list, low: float, high: float, count: int) -> list:
    """How many samples fall in each of `count` equal buckets spanning [low, high]."""
    counts = [0] * count
    width = (high - low) / count
    for sample in samples:
        if sample < low or sample > high:
            raise ValueError(f"sample {sample} outside [{low}, {high}]")
        counts[int((sample - low) // width)] += 1
    return counts
