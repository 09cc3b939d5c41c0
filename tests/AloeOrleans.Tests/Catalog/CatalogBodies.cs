using System.Text.Json.Nodes;

namespace AloeOrleans.Tests.Catalog;

/// <summary>Valid Agave bodies for the catalog tests; each test changes one thing.</summary>
internal static class CatalogBodies
{
    public const string PrivateKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nTOP-SECRET-KEY-MATERIAL-0123456789\n-----END OPENSSH PRIVATE KEY-----";
    public const string Password = "sftp-PASSWORD-never-shown-42";

    /// <summary>A well-formed OpenSSH SHA-256 host key fingerprint (of 32 zero bytes).</summary>
    public static readonly string Fingerprint = "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('=');

    public static JsonObject SshSlurmSystem(string id = "hpc") => Parse($$"""
        {
          "id": "{{id}}", "name": "HPC cluster", "type": "EXECUTION", "executionType": "HPC", "scheduler": "SLURM",
          "login": { "protocol": "SSH", "host": "hpc.example.org", "port": 22, "hostKeyFingerprint": "{{Fingerprint}}",
                     "auth": { "username": "aloe", "type": "SSHKEYS", "privateKey": {{Quote(PrivateKey)}} } },
          "storage": { "protocol": "SFTP", "host": "hpc.example.org", "port": 22, "rootDir": "/", "homeDir": "/home/aloe",
                       "hostKeyFingerprint": "{{Fingerprint}}",
                       "auth": { "username": "aloe", "type": "PASSWORD", "password": {{Quote(Password)}} } },
          "workDir": "work", "environment": { "OMP_NUM_THREADS": "1" },
          "queues": [
            { "name": "normal", "default": true, "maxJobs": 10, "maxUserJobs": 5, "maxNodes": 4, "maxProcessorsPerNode": 16,
              "maxMemoryPerNode": 64, "maxRequestedTime": "48:00:00" },
            { "name": "debug", "maxNodes": 1, "maxRequestedTime": "00:30:00" }
          ]
        }
        """);

    /// <summary>A STORAGE system over SFTP (what a tenant admin may register; LOCAL storage comes only from the operator).</summary>
    public static JsonObject Storage(string id = "store") => Parse($$"""
        { "id": "{{id}}", "name": "Storage", "type": "STORAGE",
          "storage": { "protocol": "SFTP", "host": "files.example.org", "port": 22, "rootDir": "/data/{{id}}",
                       "hostKeyFingerprint": "{{Fingerprint}}", "auth": { "username": "aloe", "type": "PASSWORD", "password": {{Quote(Password)}} } } }
        """);

    /// <summary>A LOCAL STORAGE system with <paramref name="rootDir"/>: only the operator's seed catalog may define one.</summary>
    public static JsonObject LocalStorage(string id, string rootDir) => Parse($$"""
        { "id": "{{id}}", "name": "Storage", "type": "STORAGE", "storage": { "protocol": "LOCAL", "rootDir": {{Quote(rootDir)}} } }
        """);

    public static JsonObject App(string executionSystem = "hpc", string deploymentSystem = "store", string name = "wc", string version = "1.0") => Parse($$"""
        {
          "name": "{{name}}", "version": "{{version}}", "executionSystem": "{{executionSystem}}", "deploymentSystem": "{{deploymentSystem}}",
          "deploymentPath": "apps/wc-1.0", "templatePath": "wc.sh", "parallelism": "SERIAL", "defaultQueue": "normal",
          "defaultNodeCount": 1, "defaultProcessorsPerNode": 1, "defaultMemoryPerNode": "1GB", "defaultMaxRunTime": "00:10:00",
          "archiveOnAppError": false,
          "inputs": [ { "id": "inputFile", "value": { "required": true, "validator": ".*\\.txt" },
                        "semantics": { "minCardinality": 1, "maxCardinality": 1 } } ],
          "parameters": [
            { "id": "mode", "value": { "type": "enumeration", "enumValues": ["lines", {"words": "Words"}, "chars"], "default": "lines" } },
            { "id": "count", "value": { "type": "number", "default": 3 } },
            { "id": "verbose", "value": { "type": "flag", "default": false } }
          ]
        }
        """);

    public static byte[] Bytes(JsonNode node) => System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
