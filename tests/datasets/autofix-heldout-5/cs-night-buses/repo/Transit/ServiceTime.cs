using System.Globalization;

namespace Transit;

/// <summary>
/// Times as the operator's feed writes them: hours and minutes since the start of the service day ("06:05"). A trip
/// that runs past midnight keeps counting from the same service day ("24:10", "25:35"), so those calls fall on the
/// calendar day after the service day.
/// </summary>
public static class ServiceTime
{
    public static DateTime At(DateOnly serviceDay, string time)
    {
        var parts = time.Trim().Split(':');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || parts[1].Length != 2 || minutes > 59 || hours > 47)
            throw new FormatException($"'{time}' is not a time of the service day");
        return new DateTime(serviceDay.Year, serviceDay.Month, serviceDay.Day, hours, minutes, 0);
    }
}
