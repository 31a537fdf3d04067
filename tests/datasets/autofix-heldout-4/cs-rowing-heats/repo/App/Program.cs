using Regatta;

// Saturday's draw for the open coxless fours: 14 entries on the 6-lane course.
var seed = (int minutes, int seconds) => (TimeSpan?)new TimeSpan(0, minutes, seconds);
Crew[] entries =
[
    new(101, "Castle RC", seed(6, 12)), new(102, "Tideway Scullers"), new(103, "Northwich RC", seed(6, 31)),
    new(104, "St Ives RC"), new(105, "Grosvenor RC", seed(6, 5)), new(106, "Bewdley RC"),
    new(107, "Avon County RC", seed(6, 40)), new(108, "Durham ARC"), new(109, "Walton RC"),
    new(110, "Kingston RC", seed(6, 22)), new(111, "Marlow RC"), new(112, "Reading RC"),
    new(113, "Agecroft RC"), new(114, "Loughborough BC"),
];
const int lanes = 6;
var heats = Draw.Heats(entries, lanes);
for (var h = 0; h < heats.Count; h++)
{
    Console.WriteLine($"Heat {h + 1}");
    foreach (var (lane, crew) in Draw.Lanes(heats[h], lanes)) Console.WriteLine($"  lane {lane}: {crew}");
}
