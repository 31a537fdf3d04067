using System.Globalization;

namespace Parking;

/// <summary>
/// Reads the barrier's exit log for one day: a header, then plate,entry,exit,ticket lines with times as HH:mm.
/// Lines that cannot be a stay (unreadable, or leaving before entering) are refused and reported, not charged.
/// </summary>
public static class ExitLog
{
    public sealed record Result(IReadOnlyList<Exit> Exits, IReadOnlyList<string> Refused);

    public static Result Read(IEnumerable<string> lines)
    {
        var exits = new List<Exit>();
        var refused = new List<string>();
        foreach (var raw in lines.Skip(1))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var fields = line.Split(',');
            if (fields.Length != 4
                || !TimeOnly.TryParseExact(fields[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var entry)
                || !TimeOnly.TryParseExact(fields[2], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var left)
                || !Enum.TryParse<Ticket>(fields[3], ignoreCase: true, out var ticket))
            {
                refused.Add($"{line}: unreadable");
                continue;
            }
            if (left < entry)
            {
                refused.Add($"{line}: leaves before it entered");
                continue;
            }
            exits.Add(new Exit(fields[0].Trim(), entry, left, ticket));
        }
        return new Result(exits, refused);
    }

    public static Result Load(string path) => Read(File.ReadLines(path));
}
