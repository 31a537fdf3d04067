namespace Charging;

/// <summary>A car plugged in at one of the site's connectors.</summary>
public sealed class Session(string car, int connector, decimal carMaxKw, DateTime pluggedIn)
{
    public string Car => car;
    public int Connector => connector;

    /// <summary>The most the car's on-board charger takes.</summary>
    public decimal CarMaxKw => carMaxKw;

    public DateTime PluggedIn => pluggedIn;

    /// <summary>Whether the car still draws power; false once it has reported full.</summary>
    public bool Drawing { get; internal set; } = true;

    /// <summary>When the car reported full, if it has.</summary>
    public DateTime? FullAt { get; internal set; }

    /// <summary>The power the site gives the car now.</summary>
    public decimal Kw { get; internal set; }

    /// <summary>The energy delivered so far.</summary>
    public decimal Kwh { get; internal set; }
}

/// <summary>What a driver pays when they unplug: the energy, and the idle fee for keeping a full car on the connector.</summary>
public sealed record Receipt(string Car, int Connector, decimal Kwh, decimal Energy, decimal IdleFee)
{
    public decimal Total => Energy + IdleFee;
}
