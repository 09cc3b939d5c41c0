using System.Text.Json.Nodes;

namespace AloeOrleans.Tests.Catalog;

/// <summary>
/// An execution system, a storage system and an app as Agave 2.2's <c>GET /systems/v2/{id}</c> and
/// <c>GET /apps/v2/{id}</c> returned them (every field Agave wrote, nulls and output-only fields included), with only
/// what this service requires added: the credentials (an export never holds them) and the host key fingerprints.
/// Written for these tests from Agave's documented shapes; the ids and hosts are made up.
/// </summary>
internal static class AgaveExports
{
    /// <summary>What an admin adds to an exported SSH/SFTP block: the credential and the host key.</summary>
    public static JsonObject WithAdditions(JsonObject block, string authType)
    {
        block["hostKeyFingerprint"] = CatalogBodies.Fingerprint;
        block["auth"] = authType == "SSHKEYS"
            ? new JsonObject { ["username"] = "svc", ["type"] = "SSHKEYS", ["privateKey"] = CatalogBodies.PrivateKey }
            : new JsonObject { ["username"] = "svc", ["type"] = "PASSWORD", ["password"] = CatalogBodies.Password };
        return block;
    }

    public static JsonObject ExecutionSystem(string id = "stampede.example.org")
    {
        var system = Parse($$"""
            {
              "id": "{{id}}",
              "uuid": "8197862395406265880-242ac113-0001-006",
              "name": "Example Slurm cluster",
              "status": "UP",
              "type": "EXECUTION",
              "description": "A Slurm cluster for the catalog tests",
              "site": "example.org",
              "revision": 4,
              "public": false,
              "globalDefault": false,
              "lastModified": "2017-06-13T10:55:22.000-05:00",
              "executionType": "HPC",
              "scheduler": "SLURM",
              "environment": null,
              "startupScript": "./bashrc",
              "maxSystemJobs": 50,
              "maxSystemJobsPerUser": 10,
              "workDir": "/work/svc",
              "scratchDir": "/scratch/svc",
              "owner": "svc",
              "available": true,
              "queues": [
                { "name": "normal", "default": true, "description": "Normal queue", "mappedName": null,
                  "maxJobs": 50, "maxUserJobs": 10, "maxNodes": 256, "maxProcessorsPerNode": 68,
                  "maxRequestedTime": "48:00:00", "maxMemoryPerNode": 96, "customDirectives": "-A TG-EXAMPLE" },
                { "name": "development", "default": false, "description": null, "mappedName": null,
                  "maxJobs": 1, "maxUserJobs": 1, "maxNodes": 4, "maxProcessorsPerNode": 68,
                  "maxRequestedTime": "02:00:00", "maxMemoryPerNode": 96, "customDirectives": null }
              ],
              "login": { "host": "login.example.org", "port": 22, "protocol": "SSH", "proxy": null, "auth": { "type": "SSHKEYS" } },
              "storage": { "host": "login.example.org", "port": 22, "protocol": "SFTP", "rootDir": "/", "homeDir": "/home/svc",
                           "mirror": false, "proxy": null, "auth": { "type": "SSHKEYS" } },
              "_links": { "self": { "href": "https://agave.example.org/systems/v2/{{id}}" },
                          "credentials": { "href": "https://agave.example.org/systems/v2/{{id}}/credentials" } }
            }
            """);
        WithAdditions(system["login"]!.AsObject(), "SSHKEYS");
        WithAdditions(system["storage"]!.AsObject(), "SSHKEYS");
        return system;
    }

    public static JsonObject StorageSystem(string id = "data.example.org")
    {
        var system = Parse($$"""
            {
              "id": "{{id}}",
              "uuid": "4036169328045649434-242ac117-0001-006",
              "name": "Example data store",
              "status": "UP",
              "type": "STORAGE",
              "description": "Project storage",
              "site": "example.org",
              "revision": 2,
              "public": true,
              "globalDefault": true,
              "lastModified": "2016-09-06T17:46:42.000-05:00",
              "owner": "svc",
              "available": true,
              "storage": { "host": "data.example.org", "port": 22, "protocol": "SFTP", "rootDir": "/data", "homeDir": "/home",
                           "mirror": false, "proxy": null, "publicAppsDir": "/apps/public", "auth": { "type": "PASSWORD" } },
              "_links": { "self": { "href": "https://agave.example.org/systems/v2/{{id}}" } }
            }
            """);
        WithAdditions(system["storage"]!.AsObject(), "PASSWORD");
        return system;
    }

    /// <summary>The app of an export; <c>${inputFiles}</c>, <c>${mode}</c> and <c>${lines}</c> are its template's placeholders.</summary>
    public static JsonObject App(string executionSystem = "stampede.example.org", string deploymentSystem = "data.example.org") => Parse($$"""
        {
          "id": "head-1.2.0",
          "name": "head",
          "icon": null,
          "uuid": "6209367366539357721-242ac113-0001-005",
          "parallelism": "SERIAL",
          "defaultProcessorsPerNode": 1,
          "defaultMemoryPerNode": 4,
          "defaultNodeCount": 1,
          "defaultMaxRunTime": "01:00:00",
          "defaultQueue": "normal",
          "version": "1.2.0",
          "revision": 3,
          "isPublic": false,
          "helpURI": "https://example.org/docs/head",
          "label": "Head of a file",
          "owner": "svc",
          "shortDescription": "Prints the first lines of text files",
          "longDescription": "Prints the first lines of each of one or more text files, for the catalog tests.",
          "tags": ["demo", "text", "unix"],
          "ontology": ["http://sswapmeet.sswap.info/agave/apps/Application"],
          "executionType": "HPC",
          "executionSystem": "{{executionSystem}}",
          "deploymentPath": "apps/head-1.2.0",
          "deploymentSystem": "{{deploymentSystem}}",
          "templatePath": "wrapper.sh",
          "testPath": "test/test.sh",
          "checkpointable": false,
          "lastModified": "2017-06-13T11:02:36.000-05:00",
          "modules": ["purge", "load TACC"],
          "available": true,
          "inputs": [
            { "id": "inputFiles",
              "value": { "validator": null, "visible": true, "required": true, "order": 0, "enquote": false, "default": "agave://{{deploymentSystem}}/svc/inputs/words.txt" },
              "details": { "label": "Text files", "description": "The files to read", "argument": null, "showArgument": false, "repeatArgument": false },
              "semantics": { "minCardinality": 1, "maxCardinality": -1, "ontology": ["http://edamontology.org/format_2330"], "fileTypes": ["text-0"] } }
          ],
          "parameters": [
            { "id": "mode",
              "value": { "visible": true, "required": false, "type": "enumeration", "order": 1, "enquote": false, "default": "lines",
                         "enum_values": [ { "lines": "Lines" }, { "bytes": "Bytes" } ] },
              "details": { "label": "Count", "description": null, "argument": null, "showArgument": false, "repeatArgument": false },
              "semantics": { "minCardinality": 0, "maxCardinality": 1, "ontology": ["xs:string"] } },
            { "id": "lines",
              "value": { "visible": true, "required": false, "type": "number", "order": 2, "enquote": false, "default": 10, "validator": null },
              "details": { "label": "How many", "description": "Lines or bytes to print", "argument": "-n ", "showArgument": false, "repeatArgument": false },
              "semantics": { "minCardinality": 0, "maxCardinality": 1, "ontology": ["xs:integer"] } }
          ],
          "outputs": [
            { "id": "headOutput",
              "value": { "validator": null, "order": 0, "default": "head.out" },
              "details": { "label": "The first lines", "description": "What head printed" },
              "semantics": { "minCardinality": 1, "maxCardinality": 1, "ontology": [], "fileTypes": ["text-0"] } }
          ],
          "_links": { "self": { "href": "https://agave.example.org/apps/v2/head-1.2.0" },
                      "executionSystem": { "href": "https://agave.example.org/systems/v2/{{executionSystem}}" },
                      "storageSystem": { "href": "https://agave.example.org/systems/v2/{{deploymentSystem}}" },
                      "owner": { "href": "https://agave.example.org/profiles/v2/svc" } }
        }
        """);

    public const string AppTemplate = "head -n ${lines} ${inputFiles} > head.out # ${mode}\n";

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
