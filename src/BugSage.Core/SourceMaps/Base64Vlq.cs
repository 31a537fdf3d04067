namespace BugSage.Core.SourceMaps;

/// <summary>
/// The variable-length quantities of a source map's <c>mappings</c>: base64 digits of five bits,
/// the sixth bit saying another digit follows, the lowest bit of the value its sign.
/// </summary>
internal static class Base64Vlq
{
    private static readonly sbyte[] Digits = BuildDigits();

    /// <summary>Reads one value at <paramref name="position"/> and moves past it.</summary>
    public static int Read(string text, ref int position)
    {
        long value = 0;
        var shift = 0;
        while (true)
        {
            if (position >= text.Length) throw new SourceMapFormatException("mappings end inside a value");
            var c = text[position++];
            var digit = c < 128 ? Digits[c] : -1;
            if (digit < 0) throw new SourceMapFormatException($"mappings hold '{(char.IsControl(c) ? '?' : c)}', which is no base64 digit");
            // Seven digits carry 35 bits: more than any 32-bit value needs, so an eighth is a lie.
            if (shift > 30) throw new SourceMapFormatException("a mappings value is longer than 32 bits");
            value |= (long)(digit & 31) << shift;
            shift += 5;
            if ((digit & 32) == 0) break;
        }
        var magnitude = value >> 1;
        if (magnitude > int.MaxValue) throw new SourceMapFormatException("a mappings value is longer than 32 bits");
        return (value & 1) == 1 ? -(int)magnitude : (int)magnitude;
    }

    private static sbyte[] BuildDigits()
    {
        var digits = new sbyte[128];
        Array.Fill(digits, (sbyte)-1);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (var i = 0; i < alphabet.Length; i++) digits[alphabet[i]] = (sbyte)i;
        return digits;
    }
}
