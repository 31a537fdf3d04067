using Gateway;

var failures = new List<string>();
void Check(bool ok, string what) { if (!ok) failures.Add(what); }

var headers = new HeaderBag();
headers.Add("X-Request-Id", "9f1c2a");
headers.Add("accept", "text/html");
headers.Add("Accept", "application/json");
Check(headers["X-Request-Id"] == "9f1c2a", "the name as sent finds the value");
Check(headers["x-request-id"] == "9f1c2a", "lower case finds it");
Check(headers["ACCEPT"] == "text/html, application/json", "values of any spelling fold together");
Check(RequestLog.Line("GET", "/cart", headers) == "GET /cart id=9f1c2a", "the log line carries the id");
try { _ = headers["Authorization"]; failures.Add("a header not sent is still an error"); }
catch (KeyNotFoundException) { }

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
