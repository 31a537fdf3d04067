using Museum;

// Tuesday morning at the desk, on the summer prices (adult £16.50, family £42.00).
var till = new Till(new PriceList(adult: 16.50m, family: 42.00m));
(TicketKind, int)[][] orders =
[
    [(TicketKind.Adult, 2)],
    [(TicketKind.Family, 1), (TicketKind.Infant, 1)],
    [(TicketKind.Senior, 2), (TicketKind.Member, 1)],
    [(TicketKind.Adult, 1), (TicketKind.Student, 2)],
    [(TicketKind.Child, 3), (TicketKind.Adult, 1)],
];
foreach (var order in orders)
    Console.WriteLine($"{string.Join(", ", order.Select(l => $"{l.Item2} x {l.Item1}"))}: £{till.Sell(order):0.00}");
Console.WriteLine($"{till.Visitors} visitors, takings £{till.Takings:0.00}");
