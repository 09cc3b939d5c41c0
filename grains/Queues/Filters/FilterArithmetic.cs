namespace AloeOrleans.Grains.Queues.Filters;

/// <summary><c>+ - * /</c> on numbers; NULL when either side is; dividing by zero is an evaluation error.</summary>
public sealed record FilterArithmetic(char Operator, FilterNode Left, FilterNode Right, int Position) : FilterNode(FilterType.Number, Position)
{
    public override object? Evaluate(IReadOnlyDictionary<string, object?> properties)
    {
        if (Left.Evaluate(properties) is not double left || Right.Evaluate(properties) is not double right)
        {
            return null;
        }

        return Operator switch
        {
            '+' => left + right,
            '-' => left - right,
            '*' => left * right,
            _ => right == 0 ? throw new FilterEvaluationException("division by zero") : left / right,
        };
    }
}
