"""Prints the slowest tests of one or more TRX result files, longest first (CI's log)."""
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"


def seconds(duration: str) -> float:
    hours, minutes, rest = duration.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


results = []
for path in sys.argv[1:]:
    for result in ET.parse(path).getroot().iter(NS + "UnitTestResult"):
        if "duration" in result.attrib:
            results.append((seconds(result.attrib["duration"]), result.attrib.get("testName", "?")))

results.sort(reverse=True)
print(f"slowest tests ({len(results)} results):")
for took, name in results[:20]:
    print(f"  {took:7.1f} s  {name[:160]}")
