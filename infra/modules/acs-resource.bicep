// A new Azure Communication Services resource for the acs preset (spec section 14), with local
// (access-key) authentication disabled: the app sends as its managed identity, and no key exists that
// could leak. Deployed only when main.bicep's acsMode is 'new'.

@description('Name of the Communication Services resource (its endpoint is https://<name>.communication.azure.com).')
param acsName string

@description('Where ACS stores data at rest, e.g. "Europe" or "United States".')
param dataLocation string

@description('Tags applied to the resource.')
param tags object

resource acs 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: acsName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    disableLocalAuth: true
  }
}

output endpoint string = 'https://${acs.properties.hostName}'
