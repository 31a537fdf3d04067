using Shop;

var failed = 0;
void Test(string name, Action body)
{
    try { body(); Console.WriteLine($"  Passed {name}"); }
    catch (Exception e) { failed++; Console.WriteLine($"  Failed {name} [0 ms]\n{e}"); }
}
void Equal<T>(T expected, T actual)
{
    if (!EqualityComparer<T>.Default.Equals(expected, actual)) throw new Exception($"expected {expected}, got {actual}");
}

Test("average", () => Equal(4, Reviews.AverageStars([new("a", 5), new("b", 3)])));
Test("no_reviews_average_0", () => Equal(0, Reviews.AverageStars([])));
return failed == 0 ? 0 : 1;
