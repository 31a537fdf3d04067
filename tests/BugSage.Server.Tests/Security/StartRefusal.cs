using BugSage.Core.Security;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Security;

/// <summary>Starts a server that is expected not to start because of its key.</summary>
internal static class StartRefusal
{
    /// <summary>The message of the <see cref="ServerKeyException"/> that stopped the start; fails when the server started or stopped for another reason.</summary>
    public static async Task<string> MessageAsync(Func<Task<BugSageFactory>> start)
    {
        try
        {
            await using var app = await start();
        }
        catch (Exception e)
        {
            for (var cause = e; cause is not null; cause = cause.InnerException)
                if (cause is ServerKeyException refusal) return refusal.Message;
            throw;
        }
        throw new ShouldAssertException("The server started, but it should have refused to.");
    }
}
