// The Function App on the Flex Consumption plan (FC1, Linux, .NET 10 isolated worker). It runs as a
// user-assigned managed identity and reaches every dependency with it: host storage
// (AzureWebJobsStorage__*), the deployment container, Key Vault and Application Insights.

@description('Azure region (must offer Flex Consumption).')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Flex Consumption plan name.')
param planName string

@description('Function App name (also the host name prefix).')
param functionAppName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityResourceId string

@description('Client id of that identity (for identity-based connections).')
param identityClientId string

@description('Storage account of AzureWebJobsStorage.')
param storageAccountName string

@description('Blob endpoint of that account (https://<account>.blob.<suffix>/).')
param blobEndpoint string

@description('Queue endpoint of that account.')
param queueEndpoint string

@description('Table endpoint of that account.')
param tableEndpoint string

@description('URL of the blob container that holds the deployment package.')
param deploymentContainerUrl string

@description('Application Insights component the app sends telemetry to.')
param appInsightsName string

@description('Upper bound of instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of each instance.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Always-ready instances of the http function group (0 = none: the app scales to zero).')
@minValue(0)
@maxValue(1000)
param alwaysReady int

@description('The service\'s own app settings (SmsOtp__*, provider settings). Non-secret values only.')
param serviceSettings object

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// Settings owned by the platform wiring. A service setting of the same name is dropped, so the
// identity-based connections cannot be overridden by accident. (Keep both lists in step.)
var platformSettingNames = [
  'AzureWebJobsStorage__accountName'
  'AzureWebJobsStorage__credential'
  'AzureWebJobsStorage__clientId'
  'AzureWebJobsStorage__blobServiceUri'
  'AzureWebJobsStorage__queueServiceUri'
  'AzureWebJobsStorage__tableServiceUri'
  'AzureWebJobsStorage__Retry__MaxRetries'
  'AzureWebJobsStorage__Retry__MaxDelay'
  'APPLICATIONINSIGHTS_CONNECTION_STRING'
  'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
  'AZURE_CLIENT_ID'
]

var platformSettings = [
  // Host storage with the managed identity: no connection string, no key.
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storageAccountName
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identityClientId
  }
  {
    name: 'AzureWebJobsStorage__blobServiceUri'
    value: blobEndpoint
  }
  {
    name: 'AzureWebJobsStorage__queueServiceUri'
    value: queueEndpoint
  }
  {
    name: 'AzureWebJobsStorage__tableServiceUri'
    value: tableEndpoint
  }
  // The host's own storage client retries longer than its default, so its queue listener rides out a storage outage
  // of up to about two minutes instead of shutting the host down (docs/operations.md, "Storage outage").
  {
    name: 'AzureWebJobsStorage__Retry__MaxRetries'
    value: '12'
  }
  {
    name: 'AzureWebJobsStorage__Retry__MaxDelay'
    value: '00:00:10'
  }
  // Telemetry with Entra ID: Application Insights local auth is off.
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsights.properties.ConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identityClientId};Authorization=AAD'
  }
  // Azure.Identity (ManagedIdentityCredential, DefaultAzureCredential) picks the user-assigned identity.
  {
    name: 'AZURE_CLIENT_ID'
    value: identityClientId
  }
]

var serviceSettingList = [
  for setting in filter(items(serviceSettings), s => !contains(platformSettingNames, s.key)): {
    name: setting.key
    value: setting.value
  }
]

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: functionAppName
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    clientAffinityEnabled: false
    clientCertEnabled: false
    keyVaultReferenceIdentity: identityResourceId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: concat(platformSettings, serviceSettingList)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // Warm instances for the HTTP functions only (send, verify, ...): the first login after a quiet
        // period does not wait for a worker to start. The queue-triggered delivery scales on its own.
        alwaysReady: alwaysReady > 0
          ? [
              {
                name: 'http'
                instanceCount: alwaysReady
              }
            ]
          : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No FTP or basic-auth (publishing profile) deployments: publish with Entra ID (az / func CLI).
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
