using System.IO.Compression;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using BugSage.Core.Configuration;
using BugSage.Core.Ingestion;

namespace BugSage.Server.Ingestion;

/// <summary>The Content-Encoding is none BugSage can decode; answered with 415.</summary>
internal sealed class UnsupportedEncodingException(string encoding) : Exception($"unsupported content encoding '{encoding}'");

/// <summary>
/// Reads an ingest body within its limits: the bytes as sent up to the compressed limit, then
/// decoded (gzip, deflate, br) into a buffer that stops at the envelope limit. A compression
/// bomb is cut off at that limit; the inflated whole is never held.
/// </summary>
internal static class RequestBodyReader
{
    public static bool IsSupported(string encoding) => encoding is "" or "identity" or "gzip" or "x-gzip" or "deflate" or "br";

    public static string EncodingOf(HttpRequest request) => request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();

    /// <summary>
    /// An envelope's header line is a small JSON object; a decoded body that shows no newline
    /// within this many bytes is refused at once, rather than inflated to the envelope limit.
    /// </summary>
    public const int MaxHeaderLineBytes = 64 * 1024;

    /// <param name="legacyStore">The store endpoint's body is one event: it is decoded up to the event limit, not the envelope limit.</param>
    /// <param name="headerLineDecoded">
    /// For a compressed envelope: called with its header line as soon as that is decoded, before the
    /// rest is inflated (where the key is, when the request carried none); it refuses by throwing.
    /// </param>
    public static async Task<PooledBuffer> ReadAsync(HttpRequest request, IngestionOptions limits, bool legacyStore, IngestMemoryBudget budget, CancellationToken ct,
        Func<ReadOnlyMemory<byte>, ValueTask>? headerLineDecoded = null)
    {
        var encoding = EncodingOf(request);
        if (!IsSupported(encoding)) throw new UnsupportedEncodingException(encoding);
        if (request.ContentLength > limits.MaxCompressedBodyBytes)
            throw new PayloadTooLargeException($"body of {request.ContentLength} bytes is over the limit of {limits.MaxCompressedBodyBytes}");

        var raw = new PooledBuffer((int)Math.Clamp(request.ContentLength ?? 16 * 1024, 1024, limits.MaxCompressedBodyBytes), budget);
        try
        {
            await raw.ReadFromAsync(request.Body, limits.MaxCompressedBodyBytes, "request body", ct);
        }
        catch
        {
            raw.Dispose();
            throw;
        }
        if (encoding is "" or "identity") return raw;

        using (raw)
        {
            // A compression bomb is cut off at a ratio no real envelope reaches, long before the envelope limit.
            var byRatio = Math.Max(1024L * 1024, raw.Length * (long)limits.MaxDecompressionRatio);
            var decodedLimit = Math.Min(legacyStore ? limits.MaxEventBytes : limits.MaxEnvelopeBytes, byRatio);
            var decoded = new PooledBuffer((int)Math.Min(Math.Max(raw.Length * 4L, 16 * 1024), decodedLimit), budget);
            try
            {
                await using var stream = Decoder(encoding, raw.Memory);
                var what = (legacyStore ? "decompressed event" : "decompressed envelope") + (decodedLimit == byRatio ? $" (at most {limits.MaxDecompressionRatio} times its compressed size)" : "");
                await decoded.ReadFromAsync(stream, decodedLimit, what, ct,
                    firstLineLimit: legacyStore ? null : MaxHeaderLineBytes, firstLineRead: legacyStore ? null : Passed(headerLineDecoded));
                return decoded;
            }
            catch (CallerFailure failure)
            {
                decoded.Dispose();
                failure.Inner.Throw();
                throw; // not reached: Throw() rethrows the check's own exception
            }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException)
            {
                // gzip and deflate say InvalidDataException; Brotli says InvalidOperationException ("Decoder ran into invalid data").
                decoded.Dispose();
                throw new EnvelopeFormatException($"body is not valid {encoding}: {e.Message}");
            }
            catch
            {
                decoded.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// The caller's check, its exceptions kept apart from the decoder's: a key lookup's InvalidOperationException is not
    /// "body is not valid gzip", and is thrown again as it was.
    /// </summary>
    private static Func<ReadOnlyMemory<byte>, ValueTask>? Passed(Func<ReadOnlyMemory<byte>, ValueTask>? check) => check is null ? null : async line =>
    {
        try
        {
            await check(line);
        }
        catch (Exception e)
        {
            throw new CallerFailure(ExceptionDispatchInfo.Capture(e));
        }
    };

    private sealed class CallerFailure(ExceptionDispatchInfo inner) : Exception("the caller's check of the header line failed", inner.SourceException)
    {
        public ExceptionDispatchInfo Inner { get; } = inner;
    }

    private static Stream Decoder(string encoding, ReadOnlyMemory<byte> compressed)
    {
        if (!MemoryMarshal.TryGetArray(compressed, out var segment)) throw new InvalidOperationException("pooled buffers are arrays");
        var source = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
        return encoding switch
        {
            "gzip" or "x-gzip" => new GZipStream(source, CompressionMode.Decompress),
            "br" => new BrotliStream(source, CompressionMode.Decompress),
            // HTTP "deflate" means zlib-wrapped, but some clients send a raw deflate stream.
            _ => HasZlibHeader(compressed.Span) ? new ZLibStream(source, CompressionMode.Decompress) : new DeflateStream(source, CompressionMode.Decompress),
        };
    }

    private static bool HasZlibHeader(ReadOnlySpan<byte> data) =>
        data.Length >= 2 && (data[0] & 0x0F) == 8 && ((data[0] << 8) | data[1]) % 31 == 0;
}
