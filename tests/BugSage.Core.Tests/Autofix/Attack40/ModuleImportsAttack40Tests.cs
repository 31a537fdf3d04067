using BugSage.Core.Autofix.Candidates;

namespace BugSage.Core.Tests.Autofix.Attack40;

/// <summary>
/// Outside review of C#'s type-name-to-file resolution (commit 39657a9). The session drops test files after this choice
/// (FixSessionWorker.RelatedAsync: PatchGuard.IsTestFile), so when the "nearest" file of a name is a test file the type's
/// real file is never read.
/// </summary>
public sealed class ModuleImportsAttack40Tests
{
    [Fact]
    public void A_test_double_nearer_the_source_does_not_hide_the_types_real_file()
    {
        string[] files = ["src/Shop/Checkout.cs", "src/Shop/Tests/Order.cs", "src/Domain/Order.cs"];

        var imported = ModuleImports.Of("dotnet", "src/Shop/Checkout.cs", "var order = Order.Open(cart);", files);

        imported.ShouldContain("src/Domain/Order.cs");
    }
}
