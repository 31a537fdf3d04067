using System.Text;
using CsCheck;

namespace BugSage.Core.Tests.Properties;

/// <summary>Generators of Sentry envelopes, well-formed and then broken the ways a client or a network can break them.</summary>
internal static class EnvelopeBytes
{
    private static readonly Gen<string> Header = Gen.Frequency(
        (4, Gen.OneOf(
            Gen.Const("{}"),
            Gen.Const("{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\"}"),
            Gen.Const("{\"event_id\":\"9EC79C33-EC99-42AB-8353-589FCB2E04DC\",\"dsn\":\"https://k@example.com/1\"}"),
            Gen.Const("{\"event_id\":\"zz\"}"),
            Gen.Const("{\"event_id\":\"\\ud800\"}"),
            Gen.Const("{\"event_id\":\"\\u0000\"}"),
            Gen.Const("{\"event_id\":1}"),
            Gen.Const("{\"sdk\":{\"name\":\"x\"},\"sdk\":2}"),
            Gen.Const("{\"dsn\":\"\\udc00\"}"))),
        (2, JsonText.Object(2)),
        (1, JsonText.Value(1)));

    private static readonly Gen<string> ItemType = Gen.OneOf(
        Gen.Const("event"), Gen.Const("event"), Gen.Const("transaction"), Gen.Const("attachment"), Gen.Const("user_report"),
        Gen.Const("feedback"), Gen.Const("client_report"), Gen.Const("session"), Gen.Const(""), Gen.Const("\\u0000"),
        Gen.Const("\\ud800"), Gen.Const("unknown-thing"));

    private static readonly Gen<byte[]> Payload = Gen.Frequency(
        (6, JsonText.AnyEventObject.Select(Encoding.UTF8.GetBytes)),
        (1, JsonText.DeepNesting.Select(Encoding.UTF8.GetBytes)),
        (1, JsonText.Value(2).Select(Encoding.UTF8.GetBytes)),
        (2, Gen.Byte.Array[0, 64]));

    /// <summary>What the item header says about the length: the truth, nothing, or a lie.</summary>
    private static Gen<string?> Length(int actual) => Gen.Frequency(
        (8, Gen.Const<string?>(actual.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (3, Gen.Const((string?)null)),
        (2, Gen.Int[-3, 3].Select(d => (string?)(actual + d).ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.OneOf<string?>("-1", "1099511627776", "9223372036854775807", "18446744073709551616", "1.5", "1e400", "\"12\"", "null", "-9223372036854775808")));

    private static readonly Gen<byte[]> Item = Gen.SelectMany(ItemType, Payload, (type, payload) =>
        Gen.Select(Length(payload.Length), Gen.OneOf(Gen.Const(""), Gen.Const(",\"filename\":\"a\\u0000.txt\",\"content_type\":\"text/plain\""), Gen.Const(",\"x\":{\"y\":[1]}")),
            (length, extra) =>
            {
                var header = "{\"type\":\"" + type + "\"" + (length is null ? "" : ",\"length\":" + length) + extra + "}\n";
                return Concat(Encoding.UTF8.GetBytes(header), payload, "\n"u8.ToArray());
            }));

    /// <summary>A well-formed-looking envelope: a header and 0–6 items, now and then a thousand.</summary>
    public static readonly Gen<byte[]> Envelope = Gen.Frequency(
        (20, Gen.Select(Header, Item.Array[0, 6], (header, items) => Concat([Encoding.UTF8.GetBytes(header + "\n"), .. items]))),
        (1, Gen.Int[990, 1100].Select(n => Encoding.UTF8.GetBytes("{}\n" + string.Concat(Enumerable.Repeat("{\"type\":\"session\",\"length\":2}\n{}\n", n))))));

    private static readonly byte[][] InvalidUtf8 = [[0xFF], [0x80], [0xC0, 0x80], [0xC3], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80]];

    /// <summary>Envelopes after 0–3 byte flips, truncations, deletions or invalid UTF-8 insertions.</summary>
    public static readonly Gen<byte[]> Mutated = Gen.Select(Envelope, Gen.Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Byte).Array[0, 3], (bytes, mutations) =>
    {
        var data = bytes.ToList();
        foreach (var (kind, where, value) in mutations)
        {
            var at = data.Count == 0 ? 0 : where % data.Count;
            switch (kind)
            {
                case 0 when data.Count > 0: data[at] = value; break;
                case 1: data.RemoveRange(at, data.Count - at); break;
                case 2 when data.Count > 0: data.RemoveRange(at, Math.Min(value % 8 + 1, data.Count - at)); break;
                default: data.InsertRange(at, InvalidUtf8[value % InvalidUtf8.Length]); break;
            }
        }
        return data.ToArray();
    });

    private static byte[] Concat(params byte[][] parts)
    {
        var result = new byte[parts.Sum(p => p.Length)];
        var at = 0;
        foreach (var p in parts)
        {
            p.CopyTo(result, at);
            at += p.Length;
        }
        return result;
    }
}
