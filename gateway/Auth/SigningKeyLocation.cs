namespace AloeOrleans.Gateway.Auth;

/// <summary>Where the default signing key file lives: the data folder (<c>$ALOE_DATA_DIR</c>) of the install.</summary>
internal sealed record SigningKeyLocation(string DataDir);
