namespace Shop;

public sealed record Review(string Author, int Stars);

public static class Reviews
{
    public static int AverageStars(IReadOnlyList<Review> reviews)
    {
        var total = reviews.Sum(r => r.Stars);
        return total / reviews.Count;
    }
}
