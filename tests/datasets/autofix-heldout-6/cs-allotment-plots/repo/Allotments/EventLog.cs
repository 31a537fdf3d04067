namespace Allotments;

/// <summary>
/// The secretary's log of the year's changes (date,event,plot,member), applied to the register in order:
/// let, transfer, give-up and leave.
/// </summary>
public static class EventLog
{
    public static int Apply(Society society, IEnumerable<string> lines)
    {
        var applied = 0;
        foreach (var raw in lines.Skip(1))
        {
            if (raw.Trim().Length == 0) continue;
            var fields = raw.Split(',').Select(f => f.Trim()).ToArray();
            if (fields.Length != 4) throw new FormatException($"event '{raw}' should be date,event,plot,member");
            var (plot, member) = (fields[2], fields[3]);
            switch (fields[1])
            {
                case "let": society.Let(plot, member); break;
                case "transfer": society.Transfer(plot, member); break;
                case "give-up": society.GiveUp(plot); break;
                case "leave": society.Leave(member); break;
                default: throw new FormatException($"unknown event '{fields[1]}' on {fields[0]}");
            }
            applied++;
        }
        return applied;
    }

    public static int Apply(Society society, string path) => Apply(society, File.ReadLines(path));
}
