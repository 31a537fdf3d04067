using Catalog;

// The product listing, 25 to a page, as the shop shows it: the catalogue has 52 lamps.
var lamps = Enumerable.Range(1, 52).Select(i => $"lamp-{i:000}").ToList();
for (var page = 1; page <= Paging.PageCount(lamps.Count, 25); page++)
{
    var shown = Paging.PageOf(lamps, page, 25);
    Console.WriteLine($"page {shown.Number}/{shown.TotalPages}: {shown.Items[0]} .. {shown.Items[^1]}");
}
