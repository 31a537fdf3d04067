using Regatta;

namespace Regatta.Tests;

public class DrawTests
{
    private static readonly Crew[] Five =
    [
        new(1, "Castle", TimeSpan.FromSeconds(372)), new(2, "Tideway"), new(3, "Northwich", TimeSpan.FromSeconds(365)),
        new(4, "St Ives"), new(5, "Grosvenor", TimeSpan.FromSeconds(380)),
    ];

    [Fact]
    public void A_small_event_is_one_heat_in_seed_order()
    {
        var heats = Draw.Heats(Five, 6);
        Assert.Single(heats);
        Assert.Equal([3, 1, 5, 2, 4], heats[0].Select(c => c.Bow));
    }

    [Fact]
    public void A_full_heat()
    {
        var six = Five.Append(new Crew(6, "Bewdley")).ToArray();
        Assert.Equal([3, 1, 5, 2, 4, 6], Draw.Heats(six, 6).Single().Select(c => c.Bow));
    }

    [Fact]
    public void The_fastest_crews_race_in_the_middle()
    {
        var lanes = Draw.Lanes(Draw.Heats(Five, 6)[0], 6);
        Assert.Equal([(1, 4), (2, 5), (3, 3), (4, 1), (5, 2)], lanes.Select(l => (l.Lane, l.Crew.Bow)));
    }

    [Fact]
    public void Five_lanes_have_lane_3_in_the_centre()
    {
        var lanes = Draw.Lanes(Five, 5);
        Assert.Equal([(1, 5), (2, 3), (3, 1), (4, 2), (5, 4)], lanes.Select(l => (l.Lane, l.Crew.Bow)));
    }

    [Fact]
    public void Bow_numbers_are_unique()
    {
        Assert.Throws<ArgumentException>(() => Draw.Heats([new(1, "Castle"), new(1, "Tideway")], 6));
    }

    [Fact]
    public void A_course_needs_two_lanes() => Assert.Throws<ArgumentOutOfRangeException>(() => Draw.Heats(Five, 1));
}
