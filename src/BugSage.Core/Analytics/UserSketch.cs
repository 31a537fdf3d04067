using System.Numerics;

namespace BugSage.Core.Analytics;

/// <summary>
/// A HyperLogLog sketch of distinct users: 2^12 one-byte registers, so any number of users fits in 4 KiB and the
/// estimate's relative standard error is 1.04 / √4096 ≈ 1.6%. Two sketches merge by taking each register's
/// maximum, which is associative, commutative and idempotent: a day's sketch is its hours' merged, 90 days are
/// at most 2,160 hourly sketches merged, and a digest batch merges into the stored sketch without knowing who
/// was counted before. Users cannot be taken back out; a delete recounts the hours it touched from raw events.
/// </summary>
public sealed class UserSketch
{
    public const int Precision = 12;
    public const int Registers = 1 << Precision;

    /// <summary>The estimate's relative standard error, 1.04/√m; API.md documents it with the users figures.</summary>
    public static readonly double RelativeStandardError = 1.04 / Math.Sqrt(Registers);

    // Ranks take the hash's remaining 52 bits: at most 53 (all zeros).
    private const int RankBits = 64 - Precision;
    private const byte DenseFormat = 1, SparseFormat = 2;

    private readonly byte[] registers = new byte[Registers];

    public bool IsEmpty => Array.TrueForAll(registers, r => r == 0);

    /// <summary>Counts a user by their 64-bit hash (<see cref="RollupChanges.UserHash"/>, whose bits are uniform).</summary>
    public void Add(long userHash)
    {
        var hash = (ulong)userHash;
        var index = (int)(hash >> RankBits);
        var rest = hash << Precision;
        var rank = (byte)(rest == 0 ? RankBits + 1 : System.Numerics.BitOperations.LeadingZeroCount(rest) + 1);
        if (rank > registers[index]) registers[index] = rank;
    }

    public void Merge(UserSketch other)
    {
        for (var i = 0; i < Registers; i += Vector<byte>.Count)
            Vector.Max(new Vector<byte>(other.registers.AsSpan(i)), new Vector<byte>(registers.AsSpan(i))).CopyTo(registers.AsSpan(i));
    }

    /// <summary>
    /// Distinct users, by Ertl's improved raw estimator ("New cardinality estimation algorithms for HyperLogLog
    /// sketches", 2017): unbiased from one user to billions without the empirical correction tables of HLL++.
    /// </summary>
    public long Estimate()
    {
        Span<int> histogram = stackalloc int[RankBits + 2];
        CountRanks(registers, histogram);
        return Estimate(histogram);
    }

    /// <summary>
    /// The estimate of a stored sketch, the same as <c>FromBytes(bytes).Estimate()</c> without materializing it: an hourly
    /// series estimates 744 stored hours, mostly sparse, and a sparse one's registers are its triples (a register the
    /// triples do not name is unset). Sparse bytes our writer did not produce (indices out of order) take the long way.
    /// </summary>
    public static long EstimateOf(byte[]? bytes)
    {
        Span<int> histogram = stackalloc int[RankBits + 2];
        if (bytes is null || bytes.Length == 0) return 0;
        if (bytes[0] == DenseFormat && bytes.Length == 1 + Registers)
        {
            CountRanks(bytes.AsSpan(1), histogram);
            return Estimate(histogram);
        }
        if (bytes[0] == SparseFormat && (bytes.Length - 1) % 3 == 0 && CountSparseRanks(bytes.AsSpan(1), histogram)) return Estimate(histogram);
        return FromBytes(bytes).Estimate();
    }

    /// <summary>Each rank's register count; a register past the largest rank is unreadable and counts as unset (as merged).</summary>
    private static void CountRanks(ReadOnlySpan<byte> ranks, Span<int> histogram)
    {
        // Four counters per rank: most registers share a rank (unset, in a sparse hour), and one counter would make each
        // increment wait for the last.
        Span<int> lanes = stackalloc int[4 * 256];
        for (var i = 0; i < ranks.Length; i += 4)
        {
            lanes[ranks[i]]++;
            lanes[256 + ranks[i + 1]]++;
            lanes[512 + ranks[i + 2]]++;
            lanes[768 + ranks[i + 3]]++;
        }
        for (var rank = 0; rank < 256; rank++)
            histogram[rank <= RankBits + 1 ? rank : 0] += lanes[rank] + lanes[256 + rank] + lanes[512 + rank] + lanes[768 + rank];
    }

    /// <summary>
    /// The rank counts of sparse triples whose indices rise strictly (each register named once, as <see cref="ToBytes"/>
    /// writes them); false for any other order, whose duplicates only a merge resolves.
    /// </summary>
    private static bool CountSparseRanks(ReadOnlySpan<byte> triples, Span<int> histogram)
    {
        var set = 0;
        var last = -1;
        for (var at = 0; at < triples.Length; at += 3)
        {
            var index = (triples[at] << 8) | triples[at + 1];
            var rank = triples[at + 2];
            if (index <= last) return false;
            last = index;
            // Past the last register or the largest rank: unreadable, so unset, as a merge reads it.
            if (index >= Registers || rank == 0 || rank > RankBits + 1) continue;
            histogram[rank]++;
            set++;
        }
        histogram[0] = Registers - set;
        return true;
    }

    private static long Estimate(ReadOnlySpan<int> histogram)
    {
        if (histogram[0] == Registers) return 0;
        double m = Registers;
        var z = m * Tau(1 - histogram[RankBits + 1] / m);
        for (var k = RankBits; k >= 1; k--) z = 0.5 * (z + histogram[k]);
        z += m * Sigma(histogram[0] / m);
        return (long)Math.Round(m * m / (2 * Math.Log(2)) / z);
    }

    private static double Sigma(double x)
    {
        if (x == 1) return double.PositiveInfinity;
        double y = 1, z = x, previous;
        do
        {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        } while (z != previous);
        return z;
    }

    private static double Tau(double x)
    {
        if (x == 0 || x == 1) return 0;
        double y = 1, z = 1 - x, previous;
        do
        {
            x = Math.Sqrt(x);
            previous = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
        } while (z != previous);
        return z / 3;
    }

    /// <summary>
    /// The stored form: the registers that are set as (index, rank) triples while that is shorter, which an hour
    /// with a few users is, else all 4,096 registers. A version byte comes first.
    /// </summary>
    public byte[] ToBytes()
    {
        var set = 0;
        foreach (var r in registers) if (r != 0) set++;
        if (set * 3 < Registers)
        {
            var sparse = new byte[1 + set * 3];
            sparse[0] = SparseFormat;
            var at = 1;
            for (var i = 0; i < Registers; i++)
            {
                if (registers[i] == 0) continue;
                sparse[at++] = (byte)(i >> 8);
                sparse[at++] = (byte)i;
                sparse[at++] = registers[i];
            }
            return sparse;
        }
        var dense = new byte[1 + Registers];
        dense[0] = DenseFormat;
        registers.CopyTo(dense, 1);
        return dense;
    }

    /// <summary>Reads a stored sketch; an empty or unreadable value reads as no users rather than failing a whole answer.</summary>
    public static UserSketch FromBytes(byte[]? bytes)
    {
        var sketch = new UserSketch();
        sketch.MergeBytes(bytes);
        return sketch;
    }

    /// <summary>Merges a stored sketch in without materializing it first (reading 2,160 of them is the hot path).</summary>
    public void MergeBytes(byte[]? bytes)
    {
        if (bytes is null || bytes.Length == 0) return;
        if (bytes[0] == DenseFormat && bytes.Length == 1 + Registers)
        {
            // A register past the largest rank is unreadable and counts as unset; the rest merge by maximum, a vector at
            // a time (an answer over 90 days merges hundreds of dense sketches).
            var stored = bytes.AsSpan(1);
            var largest = new Vector<byte>(RankBits + 1);
            for (var i = 0; i < Registers; i += Vector<byte>.Count)
            {
                var theirs = new Vector<byte>(stored[i..]);
                theirs = Vector.ConditionalSelect(Vector.LessThanOrEqual(theirs, largest), theirs, Vector<byte>.Zero);
                Vector.Max(theirs, new Vector<byte>(registers.AsSpan(i))).CopyTo(registers.AsSpan(i));
            }
        }
        else if (bytes[0] == SparseFormat && (bytes.Length - 1) % 3 == 0)
        {
            // Day sketches are mostly sparse (a thousand registers set of 4,096): the larger rank is taken without a
            // branch on it, which the registers' values make unpredictable; the validity check is always true in practice.
            var stored = bytes.AsSpan(1);
            for (var at = 0; at < stored.Length; at += 3)
            {
                var index = (stored[at] << 8) | stored[at + 1];
                var rank = stored[at + 2];
                if ((uint)index < Registers && rank <= RankBits + 1) registers[index] = Math.Max(registers[index], rank);
            }
        }
    }

    /// <summary>Unsets every register, so one sketch can merge bucket after bucket without a new one each time.</summary>
    public void Clear() => Array.Clear(registers);

    /// <summary>Whether both hold the same registers (what makes two merges the same sketch).</summary>
    public bool SameAs(UserSketch other) => registers.AsSpan().SequenceEqual(other.registers);
}
