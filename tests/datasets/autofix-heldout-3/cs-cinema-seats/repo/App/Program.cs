using Seating;

// Tonight's 20:30 in Screen 2 (10 rows of 8): the web shop's orders, then the box office's free-seat board.
var screen2 = new SeatMap(rows: 10, seatsPerRow: 8);
string[][] orders = [["E4", "E5"], ["A1"], ["H6", "H7", "H8"], ["J7", "J8"], ["C2", "C3"]];
foreach (var order in orders)
{
    foreach (var seat in order) screen2.Book(seat);
    Console.WriteLine("sold " + string.Join(" ", order));
}
foreach (var row in "ACEHJ")
    Console.WriteLine($"row {row}: {string.Join(" ", screen2.FreeInRow(row))}");
Console.WriteLine($"{screen2.Free} seats left");
