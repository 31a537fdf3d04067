using Shop;

if (Orders.CustomerName(new Order(9, null, 0m)) is not null) return 1;
if (Orders.CustomerName(new Order(1, new Customer("Grace ", "g@x"), 0m)) != "Grace") return 1;
Console.WriteLine("reference passed");
return 0;
