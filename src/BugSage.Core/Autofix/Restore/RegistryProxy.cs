using BugSage.Core.Outbound;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BugSage.Core.Autofix.Restore;

/// <summary>
/// The restore step's only way out of its sandbox, whose network namespace holds nothing but
/// loopback: an HTTP proxy on a unix socket that is bound into the sandbox. It tunnels
/// <c>CONNECT</c> and forwards plain HTTP requests to the configured registries
/// (<see cref="RegistryHosts"/>) and answers 403 to any other host, port or IP address; so a
/// command that ignores the proxy variables has no route at all, and one that uses them reaches
/// the registries and nothing else. What it refused is kept for the step's log.
/// </summary>
public sealed class RegistryProxy : IAsyncDisposable
{
    private const int MaxHeadBytes = 16 * 1024;
    private const int MaxConnections = 64;
    private const int MaxRefusalsKept = 20;
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    private readonly Socket listener;
    private readonly RegistryHosts registries;
    private readonly CancellationTokenSource stopping = new();
    private readonly SemaphoreSlim slots = new(MaxConnections, MaxConnections);
    private readonly List<string> refusals = [];
    private readonly ConcurrentDictionary<Task, byte> serving = new();
    private readonly Task accepting;

    private readonly Resolve resolve;

    /// <summary>The addresses a registry's name may be connected to (the outbound address policy drops refused ones, or throws when none is left).</summary>
    public delegate Task<IReadOnlyList<IPAddress>> Resolve(string host, CancellationToken ct);

    private RegistryProxy(Socket listener, RegistryHosts registries, Resolve resolve)
    {
        this.listener = listener;
        this.registries = registries;
        this.resolve = resolve;
        accepting = AcceptAsync();
    }

    /// <summary>Listens on a new unix socket at <paramref name="socketPath"/>.</summary>
    /// <param name="resolve">Where a registry's name may lead; the system resolver, unchecked, when null (the server passes its outbound policy).</param>
    public static RegistryProxy Start(string socketPath, RegistryHosts registries, Resolve? resolve = null)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            listener.Listen(MaxConnections);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        return new RegistryProxy(listener, registries, resolve ?? (async (host, ct) => await Dns.GetHostAddressesAsync(host, ct)));
    }

    /// <summary>What was refused and why, in order, each once (<c>CONNECT example.com:443: not a configured package registry</c>).</summary>
    public IReadOnlyList<string> Refusals
    {
        get { lock (refusals) return [.. refusals]; }
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var served = ServeAsync(client);
            serving.TryAdd(served, 0);
            _ = served.ContinueWith(t => serving.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var owned = client;
        var ct = stopping.Token;
        var held = slots.Wait(0);
        try
        {
            if (!held)
            {
                await AnswerAsync(client, 503, "Service Unavailable", $"BugSage's registry proxy: more than {MaxConnections} connections at once", ct);
                return;
            }
            var (head, after) = await ReadHeadAsync(client, ct);
            if (head is null) return;
            var (request, problem) = ProxyRequest.Parse(head);
            if (request is null)
            {
                await AnswerAsync(client, 400, "Bad Request", $"BugSage's registry proxy: {problem}", ct);
                return;
            }
            if (!registries.Allows(request.Host, request.Port, request.Tunnel))
            {
                var why = IPAddress.TryParse(request.Host.Trim('[', ']'), out _) ? "an IP address, not a registry's name" : "not a configured package registry";
                Refuse($"{request.Method} {request.Target}: {why}");
                await AnswerAsync(client, 403, "Forbidden", $"BugSage's registry proxy: {request.Target} is {why} (BugSage:Autofix:Restore:Registries)", ct);
                return;
            }

            Socket upstream;
            try
            {
                upstream = await ConnectUpstreamAsync(request.Host.TrimEnd('.').ToLowerInvariant(), request.Port, ct);
            }
            catch (Outbound.OutboundRefusedException e)
            {
                Refuse($"{request.Method} {request.Target}: a {e.Refused.Describe()} address");
                await AnswerAsync(client, 403, "Forbidden", $"BugSage's registry proxy: {request.Target} resolves to a {e.Refused.Describe()} address (BugSage:Network:AllowedPrivateHosts)", ct);
                return;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                Refuse($"{request.Method} {request.Target}: could not connect");
                await AnswerAsync(client, 502, "Bad Gateway", $"BugSage's registry proxy could not connect to {request.Target}", ct);
                return;
            }
            using (upstream)
            {
                if (request.Tunnel) await client.SendAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), SocketFlags.None, ct);
                else await upstream.SendAsync(Encoding.Latin1.GetBytes(request.Forwarded!), SocketFlags.None, ct);
                if (after.Length > 0) await upstream.SendAsync(after, SocketFlags.None, ct);
                await SpliceAsync(client, upstream, ct);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The command closed its connection, or the step ended and the proxy with it.
        }
        finally
        {
            if (held) slots.Release();
        }
    }

    /// <summary>
    /// The one place the proxy leaves this machine: the registry's name resolved (through the outbound
    /// address policy on the server), then each address it allows tried; the connection is made to
    /// the checked address, so a name rebound between check and connect gains nothing.
    /// </summary>
    private async Task<Socket> ConnectUpstreamAsync(string host, int port, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ConnectTimeout);
        SocketException? last = null;
        foreach (var address in await resolve(host, timeout.Token))
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>Reads up to the blank line that ends the request head; what came after it belongs to the body or the tunnel.</summary>
    private static async Task<(string? Head, byte[] After)> ReadHeadAsync(Socket client, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(HeadTimeout);
        var buffer = new byte[MaxHeadBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await client.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, timeout.Token);
            if (read == 0) return (null, []);
            length += read;
            var end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
            if (end >= 0) return (Encoding.Latin1.GetString(buffer, 0, end), buffer[(end + 4)..length]);
        }
        await AnswerAsync(client, 431, "Request Header Fields Too Large", "the request head is over 16 KiB", ct);
        return (null, []);
    }

    /// <summary>Copies both ways until both sides are done; a failure on either side ends both.</summary>
    private static async Task SpliceAsync(Socket client, Socket upstream, CancellationToken ct)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        async Task PumpAsync(Socket from, Socket to)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                int read;
                while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, failed.Token)) > 0)
                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, failed.Token);
                // Half-close: the other side learns this one is done and may still answer.
                to.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                await failed.CancelAsync();
            }
        }
        await Task.WhenAll(PumpAsync(client, upstream), PumpAsync(upstream, client));
    }

    private static async Task AnswerAsync(Socket client, int status, string reason, string text, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(text + "\n");
        var head = $"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await client.SendAsync(Encoding.ASCII.GetBytes(head).Concat(body).ToArray(), SocketFlags.None, ct);
        // Closing with the client's bytes unread would reset the connection before it reads the answer: let it finish first, briefly.
        client.Shutdown(SocketShutdown.Send);
        using var linger = CancellationTokenSource.CreateLinkedTokenSource(ct);
        linger.CancelAfter(TimeSpan.FromSeconds(1));
        var discard = new byte[16 * 1024];
        try
        {
            for (var total = 0; total < 1 << 20;)
            {
                var read = await client.ReceiveAsync(discard, SocketFlags.None, linger.Token);
                if (read == 0) break;
                total += read;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // It kept the connection open: closed now.
        }
    }

    private void Refuse(string what)
    {
        lock (refusals)
            if (refusals.Count < MaxRefusalsKept && !refusals.Contains(what)) refusals.Add(what);
    }

    /// <summary>Stops listening and cuts every connection still open: the step is over.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Dispose();
        await accepting;
        await Task.WhenAll(serving.Keys);
        stopping.Dispose();
        slots.Dispose();
    }
}
