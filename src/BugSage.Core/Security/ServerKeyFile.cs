using System.Security.Cryptography;
using System.Text;
using BugSage.Core.Processing.Inbox;

namespace BugSage.Core.Security;

/// <summary>
/// The key file: the base64 of 32 random bytes on one line, readable and writable by its owner
/// only. A key that others on the machine can read is refused rather than used, since whoever
/// reads it opens every secret in the database.
/// </summary>
public static class ServerKeyFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>How to make a key by hand, for messages and the documentation.</summary>
    public const string CreateHint = "(umask 077; openssl rand -base64 32 > FILE)";

    /// <summary>The key in <paramref name="path"/>; a missing, shared or malformed file is a <see cref="ServerKeyException"/>.</summary>
    public static byte[] Read(string path)
    {
        try
        {
            // Checked on the open handle, so what is checked is what is read.
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(handle) is var mode && (mode & GroupOrOthers) != 0)
                throw new ServerKeyException(
                    $"The server key file {path} is open to other users (mode {Octal(mode)}); " +
                    $"whoever reads it can decrypt every stored secret. Allow its owner only: chmod 600 '{path}'.");
            var length = RandomAccess.GetLength(handle);
            if (length > 1024) throw Malformed(path);
            var bytes = new byte[length];
            var read = RandomAccess.Read(handle, bytes, 0);
            return Parse(Encoding.ASCII.GetString(bytes, 0, read)) ?? throw Malformed(path);
        }
        catch (FileNotFoundException)
        {
            throw new ServerKeyException($"The server key file {path} does not exist.");
        }
        catch (DirectoryNotFoundException)
        {
            throw new ServerKeyException($"The server key file {path} does not exist.");
        }
        catch (UnauthorizedAccessException)
        {
            throw new ServerKeyException($"The server key file {path} cannot be read by this process's user.");
        }
    }

    /// <summary>
    /// Makes a new key at <paramref name="path"/>. The file is written under a temporary name,
    /// created with owner-only permissions from the start (never readable by others, even for a
    /// moment), flushed to disk, then linked into place without replacing anything: a file that
    /// appeared there meanwhile is an <see cref="IOException"/>, never overwritten.
    /// </summary>
    public static byte[] Create(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var material = RandomNumberGenerator.GetBytes(ServerKey.Size);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(material) + "\n"));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: false);
            // The key must outlive a power cut as surely as the secrets sealed with it.
            DirectorySync.Flush(directory);
            return material;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The key in a file's text or an environment variable's value; null unless it is the base64 of exactly 32 bytes.</summary>
    public static byte[]? Parse(string text)
    {
        var buffer = new byte[ServerKey.Size + 3];
        return Convert.TryFromBase64String(text.Trim(), buffer, out var written) && written == ServerKey.Size ? buffer[..written] : null;
    }

    private static ServerKeyException Malformed(string path) =>
        new($"The server key file {path} does not hold a key: it must be the base64 of 32 random bytes on one line, as {CreateHint.Replace("FILE", path, StringComparison.Ordinal)} makes.");

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);
}
