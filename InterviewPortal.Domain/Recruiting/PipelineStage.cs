namespace InterviewPortal.Domain.Recruiting;

/// <summary>A candidate's place in the pipeline: five active stages, then exits.</summary>
public enum PipelineStage
{
    Applied = 0,
    Screening = 1,
    Interviewing = 2,
    Offer = 3,
    Hired = 4,
    Rejected = 10,
    Withdrawn = 11,
    Archived = 12,
}

public static class PipelineStages
{
    public static IReadOnlyList<PipelineStage> Active { get; } =
        [PipelineStage.Applied, PipelineStage.Screening, PipelineStage.Interviewing, PipelineStage.Offer, PipelineStage.Hired];

    public static bool IsExit(this PipelineStage stage) => stage >= PipelineStage.Rejected;

    /// <summary>
    /// Where a candidate may go from <paramref name="from"/>: any other active stage (HR moves people back as well as
    /// forward) or an exit while active; from Rejected or Withdrawn back to Applied or into the talent pool (Archived);
    /// from Archived back to Applied. Hired is final but for the talent pool.
    /// </summary>
    public static bool CanMove(PipelineStage from, PipelineStage to)
    {
        if (from == to)
        {
            return false;
        }

        return from switch
        {
            PipelineStage.Hired => to == PipelineStage.Archived,
            PipelineStage.Rejected or PipelineStage.Withdrawn => to is PipelineStage.Applied or PipelineStage.Archived,
            PipelineStage.Archived => to == PipelineStage.Applied,
            _ => true,
        };
    }
}
