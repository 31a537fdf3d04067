namespace Seating;

/// <summary>
/// The seats of one screening. Rows are lettered from the screen (A, B, …), seats numbered from the
/// left aisle (1, 2, …); a seat is written "C7". The box office and the web shop share one map.
/// </summary>
public sealed class SeatMap
{
    private readonly bool[] taken;

    public SeatMap(int rows, int seatsPerRow)
    {
        if (rows is < 1 or > 26) throw new ArgumentOutOfRangeException(nameof(rows), rows, "rows are lettered A to Z");
        ArgumentOutOfRangeException.ThrowIfLessThan(seatsPerRow, 1);
        Rows = rows;
        SeatsPerRow = seatsPerRow;
        taken = new bool[rows * seatsPerRow];
    }

    public int Rows { get; }

    public int SeatsPerRow { get; }

    public int Free => taken.Count(t => !t);

    public bool IsFree(string seat)
    {
        var (row, number) = Parse(seat);
        return !taken[Slot(row, number)];
    }

    /// <summary>Sells a seat; selling a seat twice is refused.</summary>
    public void Book(string seat)
    {
        var (row, number) = Parse(seat);
        var slot = Slot(row, number);
        if (taken[slot]) throw new InvalidOperationException($"{seat} is already sold");
        taken[slot] = true;
    }

    /// <summary>The free seats of a row, left to right.</summary>
    public IEnumerable<string> FreeInRow(char row) =>
        Enumerable.Range(1, SeatsPerRow).Select(n => $"{row}{n}").Where(IsFree);

    /// <summary>A seat's row (0 = A) and number, checked against this screen's size.</summary>
    public (int Row, int Number) Parse(string seat)
    {
        if (seat.Length < 2 || !char.IsAsciiLetterUpper(seat[0]) || !int.TryParse(seat.AsSpan(1), out var number))
            throw new FormatException($"not a seat: '{seat}'");
        var row = seat[0] - 'A';
        if (row >= Rows || number < 1 || number > SeatsPerRow)
            throw new ArgumentOutOfRangeException(nameof(seat), seat, $"this screen has rows A to {(char)('A' + Rows - 1)}, seats 1 to {SeatsPerRow}");
        return (row, number);
    }

    // Rows are stored one after another, each SeatsPerRow long.
    private int Slot(int row, int number) => row * Rows + (number - 1);
}
