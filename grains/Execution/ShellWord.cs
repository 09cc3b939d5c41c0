namespace AloeOrleans.Grains.Execution;

/// <summary>A word of a script: the characters from <see cref="Start"/> up to, not including, <see cref="End"/>.</summary>
internal readonly record struct ShellWord(int Start, int End);
