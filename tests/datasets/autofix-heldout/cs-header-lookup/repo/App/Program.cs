using Gateway;

// A request as the upstream proxy forwards it.
var headers = new HeaderBag();
headers.Add("Host", "shop.example.com");
headers.Add("X-Request-Id", "9f1c2a");
Console.WriteLine(RequestLog.Line("GET", "/cart", headers));
