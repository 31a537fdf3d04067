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

Test("a_number", () => Equal(9000, Settings.ParsePort("9000")));
Test("empty_is_no_port", () => Equal(null, Settings.ParsePort("")));
Test("a_word_is_no_port", () => Equal(null, Settings.ParsePort("http")));
Test("default", () => Equal(8080, Settings.ListenPort(new Dictionary<string, string>())));
return failed == 0 ? 0 : 1;
