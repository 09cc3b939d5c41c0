namespace AloeOrleans.Grains.Submission;

/// <summary>
/// Why a submission breaks a rule: the request is wrong (<see cref="Invalid"/>, 400), or it names a file its owner may
/// not read or write (<see cref="Forbidden"/>, 403 when every error of the request is one).
/// </summary>
public enum SubmissionErrorKind
{
    Invalid,
    Forbidden,
}
