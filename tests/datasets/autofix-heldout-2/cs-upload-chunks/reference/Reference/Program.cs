using Uploads;

var failures = new List<string>();
void Check(bool ok, string what) { if (!ok) failures.Add(what); }
const int Mib = 1024 * 1024;

var plan = new ChunkPlan(5_200_000_000, 8 * Mib);
var chunks = plan.Chunks().ToList();
Check(chunks.Count == 620, "620 parts of 8 MiB");
Check(chunks.Zip(chunks.Skip(1)).All(p => p.Second.Offset == p.First.Offset + p.First.Length), "parts follow each other without gap or overlap");
Check(chunks.Sum(c => (long)c.Length) == 5_200_000_000, "parts add up to the file");
Check(chunks[256] == new Chunk(256, 2_147_483_648, 8 * Mib), "the part at 2 GiB starts at 2 GiB");
Check(chunks[^1] == new Chunk(619, 619L * 8 * Mib, (int)(5_200_000_000 - 619L * 8 * Mib)), "the last part holds the rest");
Check(plan.ResumeFrom(4_000_000_000) == new Chunk(476, 476L * 8 * Mib, 8 * Mib), "resume past 2 GiB");
Check(new ChunkPlan(10 * Mib + 5, 4 * Mib)[2] == new Chunk(2, 8 * Mib, 2 * Mib + 5), "small files unchanged");
try
{
    _ = new ChunkPlan(20_000L * Mib, Mib);
    failures.Add("too many parts are still refused");
}
catch (ArgumentOutOfRangeException)
{
}

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
