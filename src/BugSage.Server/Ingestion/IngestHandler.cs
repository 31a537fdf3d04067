using System.Diagnostics;
using BugSage.Core.Configuration;
using BugSage.Core.Observability;
using BugSage.Core.Ingestion;
using BugSage.Core.Processing;
using BugSage.Core.Processing.Inbox;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Ingestion;

/// <summary>
/// Accepts one envelope (or legacy store event): authenticate, read within limits, check,
/// apply rate limits and backpressure, append durably to the inbox, answer with the event id.
/// No grouping and no per-event database work happens here.
/// </summary>
internal sealed class IngestHandler(
    ProjectKeyCache keys,
    KeyRateLimiter rateLimiter,
    DiskSpaceGuard disk,
    IEnvelopeQueue queue,
    IngestMemoryBudget budget,
    TimeProvider clock,
    BugSageMetrics metrics,
    IOptions<IngestionOptions> options,
    ILogger<IngestHandler> logger)
{
    public async Task<IResult> HandleAsync(HttpContext context, long projectId, bool legacyStore)
    {
        using var span = BugSageTracing.Ingestion.StartActivity("ingest accept", ActivityKind.Internal);
        span?.SetTag("bugsage.project.id", projectId);
        var result = await AcceptAsync(context, projectId, legacyStore);
        if (result is IStatusCodeHttpResult { StatusCode: { } status and not StatusCodes.Status200OK })
        {
            var reason = RefusalReason(context, status);
            metrics.EnvelopesRefused.Add(1, new KeyValuePair<string, object?>("status", status));
            metrics.IngestRefusals.Add(1, new KeyValuePair<string, object?>("reason", reason));
            span?.SetTag("bugsage.ingest.refused", reason);
        }
        else
        {
            metrics.EnvelopesAccepted.Add(1);
        }
        return result;
    }

    /// <summary>
    /// A short, bounded name for why an envelope was refused: the rate-limit reason SDKs read for
    /// a 429, otherwise the status code's meaning. Never the detail text (unbounded label values).
    /// </summary>
    private static string RefusalReason(HttpContext context, int status) => status switch
    {
        StatusCodes.Status429TooManyRequests when context.Response.Headers["X-Sentry-Rate-Limits"].ToString().Split(':') is { Length: >= 4 } limit => limit[^1],
        StatusCodes.Status400BadRequest => "malformed",
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status413PayloadTooLarge => "too_large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_encoding",
        StatusCodes.Status503ServiceUnavailable => "unavailable",
        _ => "other",
    };

    private async Task<IResult> AcceptAsync(HttpContext context, long projectId, bool legacyStore)
    {
        var limits = options.Value;
        var request = context.Request;
        var encoding = RequestBodyReader.EncodingOf(request);
        if (!RequestBodyReader.IsSupported(encoding))
            return SentryResult.Fail(context, StatusCodes.Status415UnsupportedMediaType, $"unsupported content encoding '{encoding}'");

        // Our limit, not Kestrel's default, decides how large a body may be.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
            bodyLimit.MaxRequestBodySize = limits.MaxCompressedBodyBytes + 1;

        var publicKey = SentryAuth.KeyFromHeader(request.Headers["X-Sentry-Auth"])
            ?? SentryAuth.KeyFromHeader(request.Headers.Authorization)
            ?? (request.Query["sentry_key"].ToString() is { Length: > 0 } q ? q : null);
        // A key in the headers or the query is checked before the body is read: without a valid
        // key, nobody gets a body decompressed. (A key in the envelope's own header waits for it.)
        KeyInfo? key = null;
        if (publicKey is not null)
        {
            (key, var refusal) = await AuthorizeAsync(context, publicKey, projectId);
            if (refusal is not null) return refusal;
        }

        // A key in the envelope's own header line is checked as soon as that line is decoded, so a
        // compressed body is not inflated (up to 100 times its size) for a key that is unknown or missing.
        IResult? headerRefusal = null;
        async ValueTask CheckHeaderKeyAsync(ReadOnlyMemory<byte> headerLine)
        {
            (key, headerRefusal) = await AuthorizeDsnAsync(context, EnvelopeParser.DsnOf(headerLine.Span), projectId);
            if (headerRefusal is not null) throw new HeaderKeyRefusedException();
        }

        PooledBuffer body;
        try
        {
            body = await RequestBodyReader.ReadAsync(request, limits, legacyStore, budget, context.RequestAborted,
                headerLineDecoded: publicKey is null ? CheckHeaderKeyAsync : null);
        }
        catch (HeaderKeyRefusedException) { return headerRefusal!; }
        catch (IngestBusyException e)
        {
            logger.LogWarning("Refusing an envelope: {Held} bytes of request bodies are in memory already", budget.Held);
            return SentryResult.TooManyRequests(context, 1, "organization", "server_busy", e.Message);
        }
        catch (PayloadTooLargeException e) { return SentryResult.Fail(context, StatusCodes.Status413PayloadTooLarge, e.Message); }
        catch (EnvelopeFormatException e) { return SentryResult.Fail(context, StatusCodes.Status400BadRequest, e.Message); }
        catch (BadHttpRequestException e) { return SentryResult.Fail(context, e.StatusCode, e.Message); }

        using (body)
        {
            InspectedEnvelope envelope;
            try
            {
                envelope = legacyStore
                    ? EnvelopeInspector.InspectStoreEvent(body.Memory, limits.MaxEventBytes)
                    : EnvelopeInspector.InspectEnvelope(body.Memory, limits.MaxEventBytes);
            }
            catch (PayloadTooLargeException e) { return SentryResult.Fail(context, StatusCodes.Status413PayloadTooLarge, e.Message); }
            catch (EnvelopeFormatException e) { return SentryResult.Fail(context, StatusCodes.Status400BadRequest, e.Message); }

            // No key yet: none in the request, and the body was not compressed (or was the store endpoint's).
            if (key is null)
            {
                (key, var refusal) = await AuthorizeDsnAsync(context, envelope.Envelope.Dsn, projectId);
                if (refusal is not null) return refusal;
            }

            // Before backpressure: waiting would not help an envelope the queue can never hold (RabbitMQ's message size limit).
            if (envelope.Bytes.Length > queue.MaxEnvelopeBytes)
                return SentryResult.Fail(context, StatusCodes.Status413PayloadTooLarge, $"envelope is {envelope.Bytes.Length} bytes; the queue holds at most {queue.MaxEnvelopeBytes}");
            if (await RefuseAsync(context, key!, envelope, limits) is { } refused) return refused;

            try
            {
                // The key's project: the path may name the Sentry number of an imported key (KeyInfo.Serves).
                await queue.AppendAsync(key!.ProjectId, clock.GetUtcNow().UtcDateTime, envelope.Bytes);
            }
            // The broker refused it for its size (a limit learnt only then): sending it again would never succeed.
            catch (PayloadTooLargeException e) { return SentryResult.Fail(context, StatusCodes.Status413PayloadTooLarge, e.Message); }
            catch (IOException e)
            {
                // Not written, so not acknowledged: the SDK keeps the envelope and sends it again.
                logger.LogError(e, "Refusing an envelope: it could not be stored durably");
                return SentryResult.Unavailable(context, 60, "the server cannot store envelopes right now");
            }
            return SentryResult.Ok(envelope.EventId);
        }
    }

    /// <summary>The key, or the answer that refuses it.</summary>
    private async Task<(KeyInfo? Key, IResult? Refusal)> AuthorizeAsync(HttpContext context, string publicKey, long projectId)
    {
        var key = await keys.FindAsync(publicKey, context.RequestAborted);
        if (key is null) return (null, SentryResult.Fail(context, StatusCodes.Status401Unauthorized, "unknown sentry_key"));
        if (!key.Serves(projectId)) return (null, SentryResult.Fail(context, StatusCodes.Status403Forbidden, "the key belongs to another project"));
        if (!key.IsActive) return (null, SentryResult.Fail(context, StatusCodes.Status403Forbidden, "the key is disabled"));
        return (key, null);
    }

    /// <summary>The key an envelope header's DSN names, or the answer that refuses it (no DSN: no key at all).</summary>
    private async Task<(KeyInfo? Key, IResult? Refusal)> AuthorizeDsnAsync(HttpContext context, string? dsn, long projectId)
    {
        if (SentryAuth.ParseDsn(dsn) is not { } parsed) return (null, SentryResult.Fail(context, StatusCodes.Status401Unauthorized, "missing sentry_key"));
        if (parsed.ProjectId != projectId) return (null, SentryResult.Fail(context, StatusCodes.Status403Forbidden, "the DSN names another project"));
        return await AuthorizeAsync(context, parsed.PublicKey, projectId);
    }

    /// <summary>Backpressure, checked before anything is written.</summary>
    private async ValueTask<IResult?> RefuseAsync(HttpContext context, KeyInfo key, InspectedEnvelope envelope, IngestionOptions limits)
    {
        if (queue.IsOverBacklogBound)
        {
            logger.LogWarning("Refusing envelopes: the envelopes waiting for the digest are over their bound");
            return SentryResult.TooManyRequests(context, 10, "organization", "server_backlog");
        }
        if (!disk.HasRoom)
        {
            logger.LogWarning("Refusing envelopes: free disk space is under {Floor} bytes", limits.MinFreeDiskBytes);
            return SentryResult.TooManyRequests(context, 60, "organization", "disk_full");
        }
        if (envelope.HasEvent && await rateLimiter.TryAcquireAsync(key.KeyId, key.RateLimitPerMinute ?? limits.DefaultRateLimitPerMinute, context.RequestAborted) is { } retryAfter)
            return SentryResult.TooManyRequests(context, retryAfter, "key", "key_quota");
        return null;
    }
}

/// <summary>The key in a compressed envelope's header line was refused before the rest was decoded.</summary>
internal sealed class HeaderKeyRefusedException() : Exception("the envelope header's key was refused");
