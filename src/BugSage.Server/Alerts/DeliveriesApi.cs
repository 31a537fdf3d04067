using BugSage.Server.Auth;
using BugSage.Server.Operations;

namespace BugSage.Server.Alerts;

/// <summary>REST adapter for <see cref="DeliveryOperations"/>: the delivery log and redelivery.</summary>
public static class DeliveriesApi
{
    public static RouteGroupBuilder MapDeliveriesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/deliveries").WithTags("Alerts");
        group.MapGet("/", List).WithName("ListDeliveries")
            .WithSummary("Alert deliveries of the caller's projects, newest first: ?projectId=&ruleId=&integrationId=&status=&from=&to=");
        group.MapGet("/{deliveryId:long}", Get).WithName("GetDelivery").WithSummary("One delivery with every attempt");
        group.MapPost("/{deliveryId:long}/redeliver", Redeliver).WithName("Redeliver").WithSummary("Send an ended delivery again");
        return group;
    }

    private static async Task<OperationAnswer<Page<DeliveryDto>>> List([AsParameters] DeliveryFilter filter, AccessScope actor, DeliveryOperations deliveries, CancellationToken ct) =>
        (await deliveries.ListAsync(actor, filter, ct)).ToHttp();

    private static async Task<OperationAnswer<DeliveryDto>> Get(long deliveryId, AccessScope actor, DeliveryOperations deliveries, CancellationToken ct) =>
        (await deliveries.GetAsync(actor, deliveryId, ct)).ToHttp();

    private static async Task<IResult> Redeliver(long deliveryId, AccessScope actor, DeliveryOperations deliveries, CancellationToken ct) =>
        (await deliveries.RedeliverAsync(actor, deliveryId, ct)).ToHttp();
}
