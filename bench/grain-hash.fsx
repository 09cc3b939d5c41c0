// The Orleans grain hash of job grains, as the reminder table stores it (OrleansRemindersTable.GrainHash): reads job
// uuids on stdin, writes "uuid,hash" lines. bench/tracking.sh uses it to seed reminder rows that are exactly what the
// job grain's RegisterOrUpdateReminder writes, with the Orleans of the silo build measured:
//   dotnet fsi --lib:<repo>/silo/bin/Release/net10.0 bench/grain-hash.fsx < uuids
#r "Orleans.Core.Abstractions.dll"
open System
open Orleans.Runtime

let mutable line = Console.ReadLine()
while not (isNull line) do
    let uuid = Guid.Parse(line.Trim())
    let grain = GrainId.Create("job", uuid.ToString("N"))
    Console.Out.Write(String.Format("{0},{1}\n", uuid, int (grain.GetUniformHashCode())))
    line <- Console.ReadLine()
