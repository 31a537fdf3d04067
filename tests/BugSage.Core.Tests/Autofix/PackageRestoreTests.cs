using System.Net;
using System.Net.Sockets;
using BugSage.Core.Autofix.Restore;
using BugSage.Core.Autofix.Sandbox;
using BugSage.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Tests.Autofix;

/// <summary>
/// The restore step in the sandbox, with an in-test registry on loopback as the one allowed
/// registry: restore reaches it through the proxy and reaches nothing else, by any route; build
/// and test reach nothing at all and cannot change the cache restore filled; the server's files
/// stay out of reach; and without the forwarder the step refuses instead of running some other way.
/// </summary>
public sealed class PackageRestoreTests : IAsyncLifetime, IDisposable
{
    // Each attempt prints one line: "<label>: REACHED <status>", "<label>: HTTP <status>" or "<label>: FAILED <error>".
    private const string Probe = """
        import http.client, os, socket, sys, urllib.error, urllib.request
        registry, other = int(sys.argv[1]), int(sys.argv[2])
        proxy_port = int(os.environ.get('https_proxy', 'http://127.0.0.1:3128').rsplit(':', 1)[1])
        def attempt(label, action):
            try:
                print(f'{label}: REACHED {action()}')
            except urllib.error.HTTPError as e:
                print(f'{label}: HTTP {e.code}')
            except Exception as e:
                print(f'{label}: FAILED {type(e).__name__} {e}')
        def fetch(url):
            return urllib.request.urlopen(url, timeout=5).status
        def tunnel(host, port):
            c = http.client.HTTPConnection('127.0.0.1', proxy_port, timeout=5)
            c.set_tunnel(host, port)
            c.request('GET', '/pkg')
            return c.getresponse().status
        def direct(host, port):
            socket.create_connection((host, port), 3).close()
            return 'connected'
        attempt('registry', lambda: fetch(f'http://localhost:{registry}/pkg'))
        attempt('registry-tunnel', lambda: tunnel('localhost', registry))
        if sys.argv[3:] == ['hostile']:
            attempt('other-host', lambda: fetch('http://example.com/'))
            attempt('other-host-tunnel', lambda: tunnel('example.com', 443))
            attempt('other-port-tunnel', lambda: tunnel('localhost', other))
            attempt('registry-address', lambda: fetch(f'http://127.0.0.1:{registry}/pkg'))
            attempt('registry-address-tunnel', lambda: tunnel('127.0.0.1', registry))
            attempt('direct-registry', lambda: direct('127.0.0.1', registry))
            attempt('direct-other', lambda: direct('127.0.0.1', other))
            attempt('direct-internet', lambda: direct('192.0.2.1', 443))
            attempt('direct-metadata', lambda: direct('169.254.169.254', 80))
        """;

    private const string Tests = "import unittest\nfrom calc import average\n\n\nclass AverageTests(unittest.TestCase):\n    def test_average(self):\n        self.assertEqual(average([2, 4]), 3)\n\n    def test_empty(self):\n        self.assertEqual(average([]), 0)\n";

    private readonly TestRepository repository = new TestRepository()
        .Commit("average", ("calc.py", "def average(values):\n    return sum(values) / len(values)\n"), ("test_calc.py", Tests), ("probe.py", Probe));
    private readonly FakePackageRegistry registry = new FakePackageRegistry().Serve("/pkg", "left-pad 1.3.0");
    private readonly TcpListener other = new(IPAddress.Loopback, 0);
    private readonly PackageCaches caches = new(Options.Create(new RestoreOptions()));
    private readonly SandboxLimits limits = SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1) };
    private string cache = null!;

    private int OtherPort => ((IPEndPoint)other.LocalEndpoint).Port;

    public async Task InitializeAsync()
    {
        other.Start();
        cache = await caches.ForAsync(1, CancellationToken.None);
    }

    public Task DisposeAsync() => registry.DisposeAsync().AsTask();

    public void Dispose()
    {
        other.Dispose();
        caches.Dispose();
        repository.Dispose();
    }

    private string ProbeCommand(bool hostile = false) => $"python3 probe.py {registry.Port} {OtherPort}{(hostile ? " hostile" : "")}";

    private PackageRestore Restore(string command, RegistryForwarder? forwarder = null) =>
        new(command, RegistryHosts.Parse([registry.Host]), cache, TimeSpan.FromMinutes(1)) { Forwarder = forwarder ?? RegistryForwarder.Host };

    // calc.py is the culprit every candidate here fixes: commands that name it (to probe what ran) do not make the patch guard refuse it.
    private Task<ValidationRun> ValidateAsync(PackageRestore restore, string? build, string test, params string[] candidates) =>
        ValidationSandbox.ValidateAsync(repository.Path, "HEAD", build, test, candidates, limits, restore, CancellationToken.None, new PatchScope("calc.py", []));

    [PackageRestoreFact]
    public async Task A_restore_command_gets_packages_from_the_allowed_registry_through_the_proxy()
    {
        var restore = Restore($"{ProbeCommand()} && python3 -c \"import urllib.request; open('vendored.txt', 'w').write(urllib.request.urlopen('{registry.Url}pkg').read().decode())\"");

        var run = await ValidateAsync(restore, null, "grep 'left-pad 1.3.0' vendored.txt");

        run.Baseline.Log.ShouldContain($"$ {restore.Command}");
        run.Baseline.Log.ShouldContain("registry: REACHED 200");
        run.Baseline.Log.ShouldContain("registry-tunnel: REACHED 200");
        (run.Baseline.Built, run.Baseline.TestsPassed).ShouldBe((true, true), run.Baseline.Log);
        registry.Requests.ShouldBe(["GET /pkg", "GET /pkg", "GET /pkg"]);
    }

    [PackageRestoreFact]
    public async Task The_restore_step_reaches_nothing_but_the_registries_by_any_route()
    {
        var run = await ValidateAsync(Restore(ProbeCommand(hostile: true)), null, "true");

        var log = run.Baseline.Log;
        foreach (var refused in new[] { "other-host: HTTP 403", "registry-address: HTTP 403" }) log.ShouldContain(refused);
        foreach (var tunnel in new[] { "other-host-tunnel", "other-port-tunnel", "registry-address-tunnel" }) log.ShouldContain($"{tunnel}: FAILED OSError Tunnel connection failed: 403 Forbidden");
        // Past the proxy there is no route: loopback is the sandbox's own, and there is nothing else.
        log.ShouldContain("direct-registry: FAILED ConnectionRefusedError");
        log.ShouldContain("direct-other: FAILED ConnectionRefusedError");
        log.ShouldContain("direct-internet: FAILED OSError [Errno 101] Network is unreachable");
        log.ShouldContain("direct-metadata: FAILED OSError [Errno 101] Network is unreachable");
        log.ShouldContain("[restore] refused GET example.com:80: not a configured package registry");
        log.ShouldContain("[restore] refused CONNECT example.com:443: not a configured package registry");
        log.ShouldContain($"[restore] refused CONNECT 127.0.0.1:{registry.Port}: an IP address, not a registry's name");
        registry.Requests.ShouldBe(["GET /pkg", "GET /pkg"], "only the two requests for the registry by name arrived");
        other.Pending().ShouldBeFalse("nothing reached another port on this machine");
    }

    [PackageRestoreFact]
    public async Task Build_and_test_reach_neither_the_registry_nor_the_proxy()
    {
        // The log holds each command line too: '' splits a marker so that only the command's output can match it.
        var reach = $"{ProbeCommand()}; env | grep -i proxy; test -e {RegistryForwarder.SocketMount} && echo SOCKET-''VISIBLE; echo checked";

        var run = await ValidateAsync(Restore("true"), $"echo '## build'; {reach}", $"echo '## test'; {reach}");

        var afterRestore = run.Baseline.Log[run.Baseline.Log.IndexOf("## build", StringComparison.Ordinal)..];
        afterRestore.ShouldContain("## test");
        afterRestore.ShouldContain("registry: FAILED");
        afterRestore.ShouldContain("registry-tunnel: FAILED ConnectionRefusedError");
        afterRestore.ShouldNotContain("REACHED");
        afterRestore.ShouldNotContain("127.0.0.1:3128", customMessage: "no proxy variable is set for build and test");
        afterRestore.ShouldNotContain("SOCKET-VISIBLE");
        registry.Requests.ShouldBeEmpty();
    }

    [PackageRestoreFact]
    public async Task The_cache_restore_fills_is_read_only_to_build_and_test_and_kept_for_the_next_run()
    {
        const string fill = "mkdir -p \"$NUGET_PACKAGES/left-pad/1.3.0\" && echo restored > \"$NUGET_PACKAGES/left-pad/1.3.0/lib.txt\" && echo filled \"$NUGET_PACKAGES\"";
        const string poison = "echo poi''soned > \"$NUGET_PACKAGES/left-pad/1.3.0/lib.txt\"; mkdir \"$PIP_CACHE_DIR\"; cat \"$NUGET_PACKAGES/left-pad/1.3.0/lib.txt\"";
        var candidate = repository.DiffTo("calc.py", "def average(values):\n    return sum(values) / len(values) if values else 0\n");

        var run = await ValidateAsync(Restore(fill), poison, poison, candidate);
        var again = await ValidateAsync(Restore("cat \"$NUGET_PACKAGES/left-pad/1.3.0/lib.txt\""), null, "true");

        run.Baseline.Log.ShouldContain($"filled {SandboxAccess.PackageCacheMount}/nuget");
        foreach (var log in new[] { run.Baseline.Log, run.Candidates[0].Log })
        {
            log.ShouldContain("Read-only file system");
            log.ShouldNotContain("poisoned");
        }
        (await File.ReadAllTextAsync(Path.Combine(cache, "nuget", "left-pad", "1.3.0", "lib.txt"))).ShouldBe("restored\n");
        Directory.Exists(Path.Combine(cache, "pip")).ShouldBeFalse();
        again.Baseline.Log.ShouldContain("restored", customMessage: "the next run's restore starts from the cache");
    }

    [PackageRestoreFact]
    public async Task A_restore_command_can_neither_read_nor_write_the_servers_files_or_another_repositorys_cache()
    {
        var data = Directory.CreateTempSubdirectory("bugsage-data-").FullName;
        var theirs = await caches.ForAsync(2, CancellationToken.None);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(data, "bugsage.db"), "SQLite format 3 jwt-signing-key-7f3a");
            Directory.CreateDirectory(Path.Combine(theirs, "npm"));
            await File.WriteAllTextAsync(Path.Combine(theirs, "npm", "token"), "npm-token-of-another-tenant");

            var run = await ValidateAsync(Restore(
                $"cat '{data}/bugsage.db' '{theirs}/npm/token'; ls -a '{data}' '{theirs}' '{Path.GetDirectoryName(cache)}'; " +
                $"echo overwritten > '{data}/bugsage.db'; echo planted > '{theirs}/planted'; cat /proc/1/environ | tr '\\0' '\\n' | grep -i key; echo finished"), null, "true");

            var log = run.Baseline.Log;
            log.ShouldContain("finished", customMessage: "the command ran");
            log.ShouldContain("No such file or directory");
            foreach (var secret in new[] { "jwt-signing-key-7f3a", "npm-token-of-another-tenant" }) log.ShouldNotContain(secret);
            (await File.ReadAllTextAsync(Path.Combine(data, "bugsage.db"))).ShouldBe("SQLite format 3 jwt-signing-key-7f3a");
            File.Exists(Path.Combine(theirs, "planted")).ShouldBeFalse();
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [PackageRestoreFact]
    public async Task Without_the_forwarder_the_restore_step_refuses_and_nothing_runs()
    {
        var marker = Path.Combine(repository.Path, "ran");
        var missing = new RegistryForwarder("/nonexistent/socat");

        var run = await ValidateAsync(Restore($"touch '{marker}'", missing), $"touch '{marker}'", $"touch '{marker}'", repository.DiffTo("calc.py", "def average(values):\n    return 0\n"));
        var direct = await SandboxProcess.RunAsync($"touch '{marker}'", repository.Path, limits,
            new SandboxAccess { RegistrySocket = "/nonexistent/registry.sock", Forwarder = missing }, CancellationToken.None);

        run.NothingRan.ShouldBe("the restore step cannot run here (/nonexistent/socat is not installed (Debian: apt-get install socat); " +
                                "it carries the restore step's connections to BugSage's registry proxy)");
        run.Baseline.Log.ShouldStartWith("[sandbox] nothing ran: the restore step cannot run here");
        (run.Candidates[0].Applied, run.Candidates[0].Validated).ShouldBe((false, false));
        direct.Refused.ShouldNotBeNull().ShouldContain("is not installed");
        File.Exists(marker).ShouldBeFalse("no fallback to restoring, building or testing some other way");
    }

    [PackageRestoreFact]
    public async Task A_failed_restore_means_nothing_was_built_and_the_log_says_why()
    {
        var run = await ValidateAsync(Restore("echo 'npm ERR! 404 left-pad@9.9.9 is not in this registry' >&2; exit 3"), "echo BU''ILT", "python3 -m unittest",
            repository.DiffTo("calc.py", "def average(values):\n    return sum(values) / len(values) if values else 0\n"));

        foreach (var (built, log) in new[] { (run.Baseline.Built, run.Baseline.Log), (run.Candidates[0].Built, run.Candidates[0].Log) })
        {
            built.ShouldBeFalse();
            log.ShouldContain("npm ERR! 404 left-pad@9.9.9 is not in this registry");
            log.ShouldContain("[restore] failed (exit code 3): nothing was built or tested");
            log.ShouldNotContain("BUILT", Case.Sensitive);
        }
        (run.Candidates[0].Applied, run.Candidates[0].Validated).ShouldBe((true, false));
    }

    [PackageRestoreFact]
    public async Task A_candidate_is_restored_before_its_patch_is_applied_so_its_code_never_runs_with_network()
    {
        var fix = repository.DiffTo("calc.py", "def average(values):\n    return sum(values) / len(values) if values else 0\n");

        var run = await ValidateAsync(Restore("cp calc.py calc.as-restored"), null, "cmp -s calc.py calc.as-restored && echo RESTORED-THIS-CODE || echo RESTORED-THE-REVISION; python3 -m unittest", fix);

        run.Baseline.Log.ShouldContain("RESTORED-THIS-CODE");
        run.Candidates[0].Log.ShouldContain("RESTORED-THE-REVISION");
        (run.Candidates[0].Applied, run.Candidates[0].Built, run.Candidates[0].Validated).ShouldBe((true, true, true), run.Candidates[0].Log);
        run.Candidates[0].Log.ShouldStartWith("$ cp calc.py calc.as-restored");
    }

    [PackageRestoreFact]
    public async Task A_worktree_the_restore_step_rigged_for_git_makes_git_run_nothing_and_write_nowhere_outside_it()
    {
        var outside = Directory.CreateTempSubdirectory("bugsage-outside-").FullName;
        try
        {
            var marker = Path.Combine(outside, "filter-ran");
            var victim = Path.Combine(outside, "calc.py");
            await File.WriteAllTextAsync(victim, "untouched\n");
            var fix = repository.DiffTo("calc.py", "def average(values):\n    return sum(values) / len(values) if values else 0\n");
            // A git directory of its own with a filter that runs a command, named by the worktree's .git file and used by every path.
            var rigGit = "git init -q --bare .rigged && git --git-dir=.rigged config core.bare false && for f in clean smudge process; do git --git-dir=.rigged config filter.evil.$f \"touch '" + marker + "'\"; done && " +
                         "echo '* filter=evil' > .gitattributes && echo \"gitdir: $PWD/.rigged\" > .git && echo rigged";

            var rigged = await ValidateAsync(Restore(rigGit), null, "python3 -m unittest", fix);
            // The patched file replaced by a symlink to a file outside: git writes neither through it nor next to it.
            var linked = await ValidateAsync(Restore($"rm calc.py && ln -s '{victim}' calc.py"), null, "true", fix);

            rigged.Candidates[0].Log.ShouldContain("rigged");
            (rigged.Candidates[0].Applied, rigged.Candidates[0].Validated).ShouldBe((true, true), rigged.Candidates[0].Log);
            File.Exists(marker).ShouldBeFalse("no filter of the planted git directory ran outside the sandbox");
            (linked.Candidates[0].Applied, linked.Candidates[0].Validated).ShouldBe((false, false));
            linked.Candidates[0].Log.ShouldContain("the patch does not apply after the restore step");
            (await File.ReadAllTextAsync(victim)).ShouldBe("untouched\n");
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [PackageRestoreFact]
    public async Task Npm_installs_a_package_from_the_registry_into_the_worktree_and_caches_it()
    {
        registry.ServeNpmPackage("user-fixtures", "1.0.0", ("index.js", "module.exports = { knownName: 'Grace Hopper' };\n"));
        using var project = new TestRepository().Commit("app",
            ("package.json", """{ "name": "app", "version": "1.0.0", "private": true, "dependencies": { "user-fixtures": "^1.0.0" } }"""),
            (".npmrc", $"registry={registry.Url}\n"));

        var run = await ValidationSandbox.ValidateAsync(project.Path, "HEAD", null, "node -e \"console.log('fixture:', require('user-fixtures').knownName)\"", [], limits,
            Restore("npm install --no-audit --no-fund"), CancellationToken.None);

        run.Baseline.TestsPassed.ShouldBeTrue(run.Baseline.Log);
        run.Baseline.Log.ShouldContain("fixture: Grace Hopper");
        registry.Requests.ShouldBe(["GET /user-fixtures", "GET /user-fixtures/-/user-fixtures-1.0.0.tgz"]);
        Directory.Exists(Path.Combine(cache, "npm", "_cacache")).ShouldBeTrue("npm kept what it fetched in the repository's cache");
    }

    [PackageRestoreFact]
    public async Task An_offline_restore_fills_the_cache_without_any_network()
    {
        var offline = Restore($"{ProbeCommand()}; mkdir -p \"$PIP_CACHE_DIR\" && echo offline > \"$PIP_CACHE_DIR/marker\" && echo wrote") with { Offline = true, Forwarder = new RegistryForwarder("/nonexistent/socat") };

        var run = await ValidateAsync(offline, null, "true");

        run.NothingRan.ShouldBeNull("offline, the restore step needs no forwarder");
        run.Baseline.Log.ShouldContain("wrote");
        run.Baseline.Log.ShouldNotContain("REACHED");
        (await File.ReadAllTextAsync(Path.Combine(cache, "pip", "marker"))).ShouldBe("offline\n");
        registry.Requests.ShouldBeEmpty();
    }
}
