namespace Apiary;

/// <summary>The international queen-marking colours, by the last digit of the year she was born.</summary>
public static class QueenColours
{
    public static string For(int year) => (year % 10) switch
    {
        1 or 6 => "white",
        2 or 7 => "yellow",
        3 or 8 => "red",
        4 or 9 => "green",
        _ => "blue",
    };
}
