using BugSage.Server.Auth;
using BugSage.Server.Operations;

namespace BugSage.Server.Alerts;

/// <summary>REST adapter for <see cref="NotificationSettingsOperations"/>: always the caller's own settings.</summary>
public static class NotificationSettingsApi
{
    public static RouteGroupBuilder MapNotificationSettingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/me/notification-settings").WithTags("Alerts");
        group.MapGet("/", Get).WithName("GetNotificationSettings").WithSummary("Which member emails reach you, and the weekly summary");
        group.MapPut("/", Save).WithName("SaveNotificationSettings").WithSummary("Change what is given of your notification settings");
        return group;
    }

    private static async Task<OperationAnswer<NotificationSettingsDto>> Get(AccessScope actor, NotificationSettingsOperations settings, CancellationToken ct) =>
        (await settings.GetAsync(actor, ct)).ToHttp();

    private static async Task<IResult> Save(NotificationSettingsInput input, AccessScope actor, NotificationSettingsOperations settings, CancellationToken ct) =>
        (await settings.SaveAsync(actor, input, ct)).ToHttp();
}
