using Warehouse;

// Usage: Warehouse <job> <argument> <dsn store url>: runs one job; when it fails, reports the
// exception the way Sentry's .NET SDK does (type, message, stack frames with source context).
try
{
    Console.WriteLine(Jobs.Run(args[0], args[1]));
}
catch (Exception error)
{
    await Reporter.ReportAsync(error, args[2], args[0]);
    return 1;
}
return 0;
