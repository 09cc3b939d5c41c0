using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Search;
using AloeOrleans.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.Search;

/// <summary>
/// Job searches as SQL against PostgreSQL (<see cref="JobSearchSql"/> through <see cref="PostgresJobQueries"/>): for a set of
/// seeded jobs, every search answers exactly the jobs the in-memory <see cref="SearchTermMatcher"/> picks from the same
/// values (NULLs, day spans, wildcards, lists and ordinal order included), hidden jobs appear only when a term names
/// <c>visible</c>, and the common searches read their indexes.
/// </summary>
[NeedsServers]
public sealed class PostgresJobSearchTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The seeded jobs: each one's values of the fields the searches below read (null: the column is NULL).</summary>
    private static readonly SeedJob[] Seed =
    [
        new("alpha", "alice", "RUNNING", 1, 1.5, Day.AddHours(7).AddMinutes(55).AddSeconds(22), null, "1001", true, """{"inputFile": "http://h/a.txt"}"""),
        new("beta", "alice", "FINISHED", 4, 32, Day.AddDays(-1), Day.AddHours(1), "1002", false, """{"inputFile": "agave://s/b.txt"}"""),
        new("Gamma", "bob", "FAILED", 2, 0.5, Day.AddDays(1), Day.AddDays(1).AddHours(2), null, true, """{}"""),
        new("delta_1", "bob", "QUEUED", 16, 64, null, null, "abc", false, """{"x": "100%"}"""),
        new("epsilon", "carol", "PENDING", 1, 1, Day.AddSeconds(-1), null, null, true, """{}"""),
        new("zeta*", "carol", "STOPPED", 8, 2, Day.AddDays(2), Day.AddDays(2).AddMinutes(1), "1003", true, """{"inputFile": "http://h/z.txt"}"""),
    ];

    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(database.ConnectionString);
    private readonly string tenant = $"s{Guid.NewGuid():N}"[..20];

    public async Task InitializeAsync()
    {
        foreach (var job in Seed)
        {
            await InsertAsync(tenant, job, visible: true);
        }

        await InsertAsync(tenant, new SeedJob("hidden", "alice", "FINISHED", 1, 1, Day, Day.AddHours(1), null, true, "{}"), visible: false);
        await InsertAsync("other-" + tenant, new SeedJob("alpha", "alice", "RUNNING", 1, 1.5, Day, null, "1001", true, "{}"), visible: true);
    }

    public Task DisposeAsync() => dataSource.DisposeAsync().AsTask();

    public static TheoryData<string, string> Searches() => new()
    {
        { "name", "alpha" }, { "name.neq", "alpha" }, { "name.like", "*a" }, { "name.nlike", "*ta*" }, { "name.like", "delta_*" },
        { "name.like", "zeta\\*" }, { "name.like", "zeta*" }, { "name.in", "alpha,Gamma,nope" }, { "name.nin", "alpha,beta" },
        { "name.lt", "beta" }, { "name.gte", "delta_1" }, { "name.gt", "e" }, { "name.like", "gamma" },
        { "owner", "bob" }, { "owner.in", "alice,carol" },
        { "status", "running" }, { "status.in", "FINISHED,FAILED,STOPPED" }, { "status.nin", "RUNNING,QUEUED" }, { "status.like", "*ED" },
        { "status.neq", "PENDING" },
        { "nodeCount", "1" }, { "nodeCount.gt", "2" }, { "nodeCount.lte", "2" }, { "nodeCount.between", "2,8" }, { "nodeCount.in", "1,16" },
        { "nodeCount.nin", "1,16" }, { "memoryPerNode.gte", "1.5" }, { "memoryPerNode.lt", "1" }, { "memoryPerNode", "32" },
        { "created.on", "2026-11-28" }, { "created", "2026-11-28T07:55:22Z" }, { "created", "2026-11-28T08:55:22+01:00" },
        { "created.before", "2026-11-28" }, { "created.after", "2026-11-28" }, { "created.lte", "2026-11-28" }, { "created.gte", "2026-11-28" },
        { "created.between", "2026-11-27,2026-11-28" }, { "created.neq", "2026-11-28" }, { "created.in", "2026-11-27,2026-11-30" },
        { "created.nin", "2026-11-27,2026-11-30" }, { "created.after", "1764316522" }, { "created.lt", "1764316522" },
        { "ended.before", "2026-11-29" }, { "ended.neq", "2026-11-28" }, { "endTime.after", "2026-11-28" },
        { "remoteJobId", "1001" }, { "remoteJobId.neq", "1001" }, { "localId.like", "100*" }, { "remoteJobId.nlike", "100*" },
        { "localId.nin", "1001,abc" }, { "remoteJobId.gt", "1002" },
        { "archive", "true" }, { "archive.neq", "TRUE" },
        { "inputs.like", "*http://*" }, { "inputs.like", "*100%*" }, { "inputs.nlike", "*inputFile*" },
    };

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task A_search_answers_what_the_in_memory_matcher_picks_from_the_same_values(string key, string value)
    {
        var term = Parse((key, value))[0];

        var found = await NamesAsync(null, [term]);

        var expected = Seed.Where(job => SearchTermMatcher.Matches(term, job.ValueOf(term.Field.Name))).Select(job => job.Name);
        Assert.Equal(expected.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Terms_are_anded_and_a_non_admin_searches_only_their_own_and_shared_jobs()
    {
        var terms = Parse(("status.in", "RUNNING,FINISHED,FAILED"), ("nodeCount.lt", "4"));

        Assert.Equal(["Gamma", "alpha"], (await NamesAsync(null, terms)).Order(StringComparer.Ordinal));
        Assert.Equal(["alpha"], await NamesAsync("alice", terms));
        Assert.Empty(await NamesAsync("carol", terms));
    }

    [Fact]
    public async Task A_hidden_job_is_found_only_when_a_term_names_visible()
    {
        Assert.DoesNotContain("hidden", await NamesAsync(null, Parse(("owner", "alice"))));
        Assert.Equal(["hidden"], await NamesAsync(null, Parse(("visible", "false"))));
        Assert.Equal(["hidden"], await NamesAsync("alice", Parse(("visible.neq", "true"))));
        Assert.Equal(["alpha", "beta"], (await NamesAsync("alice", Parse(("visible", "true")))).Order(StringComparer.Ordinal));
        Assert.Empty(await NamesAsync("carol", Parse(("visible", "false"))));
    }

    [Fact]
    public async Task Hostile_values_are_only_ever_parameters()
    {
        const string Hostile = "x' OR '1'='1'; DROP TABLE aloe_jobs; --";
        var terms = Parse(("name", Hostile), ("name.like", Hostile + "*"), ("owner.in", Hostile + ",alice"));

        var (conditions, parameters) = JobSearchSql.Build(terms);

        Assert.All(conditions, condition => Assert.DoesNotContain("DROP", condition, StringComparison.Ordinal));
        Assert.Contains(parameters, parameter => Equals(parameter.Value, Hostile));
        Assert.Empty(await NamesAsync(null, terms));
        Assert.Equal(6, (await NamesAsync(null, [])).Count);
    }

    [Fact]
    public async Task Status_owner_and_date_searches_read_their_indexes()
    {
        var big = $"b{Guid.NewGuid():N}"[..20];
        // Enough rows that reading the whole table is the costlier plan.
        await ExecuteAsync($$"""
            INSERT INTO aloe_jobs (uuid, name, tenant_id, tenant_queue, status, accepted, created, ended, last_updated, owner, system_id,
                app_id, app_uuid, archive, node_count, processors_per_node, memory_per_node, max_hours, inputs, parameters, update_token)
            SELECT gen_random_uuid(), 'j', '{{big}}', 'q', (ARRAY['FINISHED','FAILED','RUNNING','QUEUED','STOPPED'])[1 + i % 5],
                now() - i * interval '1 minute', now() - i * interval '1 minute', now() - i * interval '1 minute' + interval '5 minutes',
                now() - i * interval '1 minute', 'u' || (i % 200), 's', 'a', 'x', false, 1, 1, 1, 1, '{}', '{}', 't'
            FROM generate_series(1, 30000) i;
            ANALYZE aloe_jobs;
            """);

        var day = DateTimeOffset.UtcNow.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        AssertReads("ix_aloe_jobs_search_status", await PlanAsync(big, Parse(("status", "RUNNING"))), sorted: false);
        AssertReads("ix_aloe_jobs_owner_order", await PlanAsync(big, Parse(("owner", "u7"))), sorted: false);
        AssertReads("ix_aloe_jobs_tenant_order", await PlanAsync(big, []), sorted: false);
        AssertReads("ix_aloe_jobs_search_created", await PlanAsync(big, Parse(("created.on", day)), "created"), sorted: false);
        AssertReads("ix_aloe_jobs_search_ended", await PlanAsync(big, Parse(("endTime.between", day + "," + day)), "ended"), sorted: false);
        // In the default order (last update) the planner may walk the order index instead, as created and last_updated
        // grow together: never the whole table either way (docs/api.md, "Searching jobs", on ordering by the date searched).
        Assert.DoesNotContain("Seq Scan", await PlanAsync(big, Parse(("created.on", day))), StringComparison.Ordinal);
    }

    /// <summary>The plan reads <paramref name="index"/>, never the whole table, and sorts only when its order is not the index's.</summary>
    private static void AssertReads(string index, string plan, bool sorted)
    {
        Assert.True(plan.Contains(index, StringComparison.Ordinal) && !plan.Contains("Seq Scan", StringComparison.Ordinal)
            && plan.Contains("Sort", StringComparison.Ordinal) == sorted, $"Expected {index} ({(sorted ? "then a sort" : "no sort")}):\n{plan}");
    }

    private static IReadOnlyList<SearchTerm> Parse(params (string Key, string Value)[] parameters)
    {
        Assert.True(SearchTermParser.TryParse(parameters.Select(p => KeyValuePair.Create(p.Key, p.Value)), JobSearchFields.Table, out var terms, out var error), error);
        return terms;
    }

    private async Task<IReadOnlyList<string>> NamesAsync(string? owner, IReadOnlyList<SearchTerm> terms)
    {
        var jobs = await new PostgresJobQueries(dataSource).ListAsync(
            new JobListQuery(tenant, owner, 100, 0, "lastupdated", true, terms), CancellationToken.None);
        return [.. jobs.Select(job => job.Spec.Name)];
    }

    /// <summary>The plan of the very list query the service runs for these terms, through EXPLAIN.</summary>
    private async Task<string> PlanAsync(string tenantId, IReadOnlyList<SearchTerm> terms, string orderBy = "lastupdated")
    {
        var (sql, parameters) = PostgresJobQueries.ListCommand(new JobListQuery(tenantId, null, 100, 0, orderBy, true, terms));
        await using var command = dataSource.CreateCommand("EXPLAIN " + sql);
        command.Parameters.AddRange(parameters);
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        return string.Join("\n", plan);
    }

    private async Task InsertAsync(string tenantId, SeedJob job, bool visible)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO aloe_jobs (uuid, name, tenant_id, tenant_queue, status, accepted, created, ended, last_updated, owner, system_id,
                app_id, app_uuid, archive, node_count, processors_per_node, memory_per_node, max_hours, inputs, parameters, update_token,
                visible, remote_job_id)
            VALUES (@uuid, @name, @tenant, 'q', @status, now(), @created, @ended, now(), @owner, 's', 'a', 'x', @archive, @nodes, 1,
                @memory, 1, @inputs::jsonb, '{}', 't', @visible, @remote)
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid>("uuid", Guid.NewGuid()));
        command.Parameters.Add(new NpgsqlParameter<string>("name", job.Name));
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenantId));
        command.Parameters.Add(new NpgsqlParameter<string>("status", job.Status));
        command.Parameters.Add(new NpgsqlParameter("created", (object?)job.Created ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter("ended", (object?)job.Ended ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<string>("owner", job.Owner));
        command.Parameters.Add(new NpgsqlParameter<bool>("archive", job.Archive));
        command.Parameters.Add(new NpgsqlParameter<int>("nodes", job.NodeCount));
        command.Parameters.Add(new NpgsqlParameter<double>("memory", job.MemoryPerNode));
        command.Parameters.Add(new NpgsqlParameter<string>("inputs", job.Inputs));
        command.Parameters.Add(new NpgsqlParameter<bool>("visible", visible));
        command.Parameters.Add(new NpgsqlParameter("remote", (object?)job.RemoteJobId ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar });
        await command.ExecuteNonQueryAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
