using Uploads;

// A conference recording (5.2 GB) is uploaded in 8 MiB parts; the plan is logged before the first part goes out.
var plan = new ChunkPlan(fileSize: 5_200_000_000, chunkSize: 8 * 1024 * 1024);
Console.WriteLine($"{plan.Count} parts");
foreach (var chunk in plan.Chunks())
    if (chunk.Index % 100 == 0 || chunk.Index == plan.Count - 1)
        Console.WriteLine($"part {chunk.Index}: bytes {chunk.Offset}-{chunk.Offset + chunk.Length - 1}");
