// SMS OTP service on Azure Functions (Flex Consumption, .NET 10 isolated worker).
//
// Deploys into an existing resource group:
//   - a user-assigned managed identity the Function App runs as;
//   - a Storage account (shared-key access off) with the service's tables, the SMS delivery queue and
//     its poison queue, and the Flex Consumption deployment container;
//   - a Key Vault (RBAC authorization, soft delete, purge protection) for the service's secrets;
//   - Log Analytics and Application Insights (local auth off), alert rules with an optional e-mail
//     action group, and a workbook (docs/operations.md);
//   - the Flex Consumption plan and Function App, wired for identity-based connections;
//   - least-privilege role assignments for the identity, each on the narrowest scope that works.
// No secret value is a parameter, a variable or an output: secrets are set in Key Vault afterwards.
// See docs/deploy.md for the walk-through.

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------------
// Naming and placement
// ---------------------------------------------------------------------------------------------------

@description('Short name of this deployment (lowercase letters, digits, hyphens); prefixes resource names and seeds their unique suffix.')
@minLength(2)
@maxLength(20)
param environmentName string = 'smsotp'

@description('Azure region of every resource. It must offer the Flex Consumption plan.')
param location string = resourceGroup().location

@description('Tags applied to every resource.')
param tags object = {}

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var compactName = toLower(replace(environmentName, '-', ''))

@description('Function App name (at most 32 characters); empty derives one. It becomes the app\'s host name.')
@maxLength(32)
param functionAppName string = ''

@description('Flex Consumption plan name; empty derives one.')
param planName string = ''

@description('Storage account name (3-24 lowercase letters and digits); empty derives one.')
param storageAccountName string = ''

@description('Key Vault name (3-24 characters); empty derives one.')
param keyVaultName string = ''

@description('Log Analytics workspace name; empty derives one.')
param logAnalyticsName string = ''

@description('Application Insights name; empty derives one.')
param appInsightsName string = ''

@description('User-assigned managed identity name; empty derives one.')
param identityName string = ''

@description('Name of the user-assigned identity the alert rules query the workspace as; empty derives one.')
param alertsIdentityName string = ''

var names = {
  // At most 32 characters: the Functions host id is derived from the first 32 characters of the name.
  functionApp: empty(functionAppName) ? 'func-${take(environmentName, 13)}-${resourceToken}' : functionAppName
  plan: empty(planName) ? 'plan-${environmentName}-${resourceToken}' : planName
  storage: empty(storageAccountName) ? 'st${take(compactName, 9)}${resourceToken}' : storageAccountName
  keyVault: empty(keyVaultName) ? 'kv${take(compactName, 9)}${resourceToken}' : keyVaultName
  logAnalytics: empty(logAnalyticsName) ? 'log-${environmentName}-${resourceToken}' : logAnalyticsName
  appInsights: empty(appInsightsName) ? 'appi-${environmentName}-${resourceToken}' : appInsightsName
  identity: empty(identityName) ? 'id-${environmentName}-${resourceToken}' : identityName
  alertsIdentity: empty(alertsIdentityName) ? 'id-alerts-${environmentName}-${resourceToken}' : alertsIdentityName
}

// ---------------------------------------------------------------------------------------------------
// Hosting
// ---------------------------------------------------------------------------------------------------

@description('Upper bound of Flex Consumption instances (also caps the SMS send rate and its cost).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each Flex Consumption instance, in MB (CPU is proportional: 2048 MB is about one vCPU). It also sizes each always-ready instance below, which is billed while idle.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Always-ready Flex Consumption instances of the http function group (send, verify and the other HTTP functions): kept warm so that the first login after a quiet period does not pay a cold start before its SMS leaves. Billed at the always-ready rate for instanceMemoryMB while idle; 0 lets the app scale to zero. The queue-triggered delivery function is not included: it scales on queue length.')
@minValue(0)
@maxValue(1000)
param alwaysReady int = 1

// ---------------------------------------------------------------------------------------------------
// Storage
// ---------------------------------------------------------------------------------------------------

@description('Storage redundancy.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSkuName string = 'Standard_LRS'

@description('Blob container that holds the Flex Consumption deployment package.')
@minLength(3)
@maxLength(63)
param deploymentContainerName string = 'app-package'

@description('Table with one row per user, profile and current challenge (SmsOtp:Storage:UsersTable).')
@minLength(3)
@maxLength(63)
param usersTableName string = 'users'

@description('Table of rate-limit counters.')
@minLength(3)
@maxLength(63)
param rateLimitsTableName string = 'ratelimits'

@description('Table of the fraud guard\'s shared counts per destination prefix and window (SmsOtp:Storage:FraudGuardTable).')
@minLength(3)
@maxLength(63)
param fraudGuardTableName string = 'fraudguard'

@description('Queue of SMS deliveries (SmsOtp:Storage:DeliveryQueue). The Functions queue trigger must listen on the same name; its poison queue is <name>-poison (Functions\' naming).')
@minLength(3)
@maxLength(56)
param deliveryQueueName string = 'sms-delivery'

@description('Queue Event Grid puts ACS delivery reports in (SmsOtp:Storage:ReceiptQueue); the AcsDeliveryReport trigger listens on it. Created with its <name>-poison queue.')
@minLength(3)
@maxLength(56)
param receiptQueueName string = 'sms-receipts'

@description('Azure Communication Services (spec section 14): none (another provider), new (a resource with local auth disabled) or existing (acsName, in this resource group).')
@allowed([
  'none'
  'new'
  'existing'
])
param acsMode string = 'none'

@description('Name of the Communication Services resource, new or existing; empty derives one.')
param acsName string = ''

@description('Data location of a new Communication Services resource.')
param acsDataLocation string = 'Europe'

@description('Blob container Event Grid dead-letters undeliverable ACS delivery reports to.')
param acsDeadLetterContainerName string = 'acs-dead-letters'

@description('Days a deleted blob or container stays restorable.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int = 7

// ---------------------------------------------------------------------------------------------------
// Key Vault and secrets (names only: values are never in this template)
// ---------------------------------------------------------------------------------------------------

@description('Days a deleted vault or secret stays recoverable; purge protection holds it that long.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 90

@description('Key Vault secret with the HMAC key for code hashes (32 random bytes, base64).')
param hmacKeySecretName string = 'otp-hmac-key'

@description('Key Vault secret with the AES-GCM key for queue payloads (32 random bytes, base64).')
param queueEncryptionKeySecretName string = 'queue-encryption-key'

@description('Key Vault secrets the SMS provider templates reference as {secret:NAME}; listed in the outputs so the operator knows what to set.')
param providerSecretNames string[] = []

@description('Optional object id of the deployer (user, group or service principal): it gets Key Vault Secrets Officer on the vault, to set the secrets. Empty grants nothing.')
param deployerPrincipalId string = ''

@description('Kind of principal in deployerPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param deployerPrincipalType string = 'User'

// ---------------------------------------------------------------------------------------------------
// Monitoring
// ---------------------------------------------------------------------------------------------------

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('E-mail address that receives the alerts (docs/operations.md). Empty: no action group; the alert rules still fire and show in Azure Monitor > Alerts, without notifying anyone.')
param alertEmail string = ''

@description('Alert "delivery failure ratio": more than this percentage of one provider\'s calls rejected or failing transiently within 15 minutes.')
@minValue(1)
@maxValue(100)
param deliveryFailurePercentThreshold int = 20

@description('Alert "delivery failure ratio": provider calls within the 15 minutes before the ratio is judged (fewer are too few to tell).')
@minValue(1)
param deliveryFailureMinAttempts int = 10

@description('Alert "poison-queue messages": more than this many delivery messages poisoned within 15 minutes (0: alert on the first).')
@minValue(0)
param poisonMessageThreshold int = 0

@description('Alert "conversion ratio dropped": verified codes per SMS sent by a tenant below this percentage within an hour (normal traffic converts well above it; SMS pumping converts near 0).')
@minValue(1)
@maxValue(100)
param conversionPercentThreshold int = 50

@description('Alert "conversion ratio dropped": SMS a tenant sent within the hour before its ratio is judged.')
@minValue(1)
param conversionMinSends int = 20

@description('Alert "HTTP 5xx ratio": more than this percentage of HTTP requests answering 5xx within 15 minutes.')
@minValue(1)
@maxValue(100)
param serverErrorPercentThreshold int = 5

@description('Alert "HTTP 5xx ratio": HTTP requests within the 15 minutes before the ratio is judged.')
@minValue(1)
param serverErrorMinRequests int = 20

@description('Alert "fraud-guard suspensions": more than this many destinations of one country suspended within 15 minutes (0: alert on the first).')
@minValue(0)
param fraudGuardSuspensionThreshold int = 0

// ---------------------------------------------------------------------------------------------------
// Service policy: configuration section SmsOtp (spec section 5), defaults as in the spec
// ---------------------------------------------------------------------------------------------------

@description('SmsOtp:RetryEnable: a wrong code may be retried within the challenge (WSO2 RetryEnable).')
param retryEnable bool = true

@description('SmsOtp:ResendEnable: the user may ask for a new code (WSO2 ResendEnable).')
param resendEnable bool = true

@description('SmsOtp:BackupCode: backup codes are accepted in place of the SMS code (WSO2 BackupCode).')
param backupCode bool = true

@description('SmsOtp:EnableByUserClaim: users may opt out of SMS OTP (WSO2 SMSOTPEnableByUserClaim).')
param enableByUserClaim bool = true

@description('SmsOtp:Mandatory: the SMS OTP step cannot be skipped (WSO2 SMSOTPMandatory).')
param mandatory bool = false

@description('SmsOtp:CaptureAndUpdateMobileNumber: ask for and store a missing number (WSO2 CaptureAndUpdateMobileNumber).')
param captureAndUpdateMobileNumber bool = true

@description('SmsOtp:SendOtpDirectlyToMobile: unknown users may receive a code at a number they enter (WSO2 SendOTPDirectlyToMobile).')
param sendOtpDirectlyToMobile bool = false

@description('SmsOtp:RedirectToMultiOptionPageOnFailure (WSO2 redirectToMultiOptionPageOnFailure).')
param redirectToMultiOptionPageOnFailure bool = false

@description('SmsOtp:TokenLength: characters in a code (WSO2 TokenLength).')
@minValue(4)
@maxValue(10)
param tokenLength int = 6

@description('SmsOtp:AlphanumericToken: codes use letters and digits (WSO2 EnableAlphanumericToken).')
param alphanumericToken bool = false

@description('SmsOtp:TokenExpirySeconds: lifetime of a code (WSO2 TokenExpiryTime).')
@minValue(1)
param tokenExpirySeconds int = 300

@description('SmsOtp:MaxAttemptsPerChallenge: verifications a challenge allows.')
@minValue(1)
param maxAttemptsPerChallenge int = 3

@description('SmsOtp:MaximumResendAttempts (WSO2 MaximumResendAttempts).')
@minValue(0)
param maximumResendAttempts int = 5

@description('SmsOtp:ResendCooldownSeconds: wait between resends (WSO2 resendThrottleInterval).')
@minValue(0)
param resendCooldownSeconds int = 30

@description('SmsOtp:AccountLock:Enabled: lock a user after repeated failures (WSO2 EnableAccountLockingForFailedAttempts).')
param accountLockEnabled bool = true

@description('SmsOtp:AccountLock:MaxFailedAttempts: consecutive failures that lock the user.')
@minValue(1)
param accountLockMaxFailedAttempts int = 5

@description('SmsOtp:AccountLock:DurationSeconds: length of the first lock.')
@minValue(1)
param accountLockDurationSeconds int = 300

@description('SmsOtp:AccountLock:DurationRatio: factor applied to the lock for each further lock (a number, e.g. 2 or 1.5).')
param accountLockDurationRatio string = '2'

@description('SmsOtp:BackupCodeCount: backup codes in a generated set.')
@minValue(1)
param backupCodeCount int = 10

@description('SmsOtp:MessageTemplate: SMS text; {code} is replaced by the code.')
param messageTemplate string = 'Verification Code: {code}'

@description('SmsOtp:DefaultRegion: ISO region for national numbers, e.g. LK; empty leaves it unset.')
param defaultRegion string = ''

@description('SmsOtp:AllowedCountryCodes: comma-separated calling codes, e.g. 94,44,1; empty allows all.')
param allowedCountryCodes string = ''

@description('More app settings, e.g. the SMS providers: {"SmsOtp__Providers__0__Preset": "twilio", "SmsOtp__Providers__0__From": "+1..."}. NON-SECRET values only: put credentials in Key Vault and reference them as {secret:NAME}.')
param extraAppSettings appSettingMap = {}

@description('App settings: setting name to value.')
type appSettingMap = {
  *: string
}

func boolSetting(value bool) string => value ? 'true' : 'false'

// ---------------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------------

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: names.identity
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: names.logAnalytics
    appInsightsName: names.appInsights
    retentionInDays: logRetentionInDays
    principalId: identity.properties.principalId
    identityResourceId: identity.id
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    storageAccountName: names.storage
    skuName: storageSkuName
    deploymentContainerName: deploymentContainerName
    tableNames: [
      usersTableName
      rateLimitsTableName
      fraudGuardTableName
    ]
    queueNames: [
      deliveryQueueName
      '${deliveryQueueName}-poison'
      receiptQueueName
      '${receiptQueueName}-poison'
    ]
    blobSoftDeleteDays: blobSoftDeleteDays
    principalId: identity.properties.principalId
    identityResourceId: identity.id
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    tags: tags
    keyVaultName: names.keyVault
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
    principalId: identity.properties.principalId
    identityResourceId: identity.id
    deployerPrincipalId: deployerPrincipalId
    deployerPrincipalType: deployerPrincipalType
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

var policySettings = {
  SmsOtp__RetryEnable: boolSetting(retryEnable)
  SmsOtp__ResendEnable: boolSetting(resendEnable)
  SmsOtp__BackupCode: boolSetting(backupCode)
  SmsOtp__EnableByUserClaim: boolSetting(enableByUserClaim)
  SmsOtp__Mandatory: boolSetting(mandatory)
  SmsOtp__CaptureAndUpdateMobileNumber: boolSetting(captureAndUpdateMobileNumber)
  SmsOtp__SendOtpDirectlyToMobile: boolSetting(sendOtpDirectlyToMobile)
  SmsOtp__RedirectToMultiOptionPageOnFailure: boolSetting(redirectToMultiOptionPageOnFailure)
  SmsOtp__TokenLength: string(tokenLength)
  SmsOtp__AlphanumericToken: boolSetting(alphanumericToken)
  SmsOtp__TokenExpirySeconds: string(tokenExpirySeconds)
  SmsOtp__MaxAttemptsPerChallenge: string(maxAttemptsPerChallenge)
  SmsOtp__MaximumResendAttempts: string(maximumResendAttempts)
  SmsOtp__ResendCooldownSeconds: string(resendCooldownSeconds)
  SmsOtp__AccountLock__Enabled: boolSetting(accountLockEnabled)
  SmsOtp__AccountLock__MaxFailedAttempts: string(accountLockMaxFailedAttempts)
  SmsOtp__AccountLock__DurationSeconds: string(accountLockDurationSeconds)
  SmsOtp__AccountLock__DurationRatio: accountLockDurationRatio
  SmsOtp__BackupCodeCount: string(backupCodeCount)
  SmsOtp__MessageTemplate: messageTemplate
}

// Unset rather than empty when not given: the spec's default is "none".
var optionalPolicySettings = union(
  empty(defaultRegion) ? {} : { SmsOtp__DefaultRegion: defaultRegion },
  empty(allowedCountryCodes) ? {} : { SmsOtp__AllowedCountryCodes: allowedCountryCodes }
)

var serviceSettings = union(extraAppSettings, policySettings, optionalPolicySettings, {
  SmsOtp__KeyVaultUri: keyVault.outputs.uri
  SmsOtp__ManagedIdentityClientId: identity.properties.clientId
  SmsOtp__HmacKeySecretName: hmacKeySecretName
  SmsOtp__QueueKeySecretName: queueEncryptionKeySecretName
  SmsOtp__Storage__UsersTable: usersTableName
  SmsOtp__Storage__FraudGuardTable: fraudGuardTableName
  SmsOtp__Storage__DeliveryQueue: deliveryQueueName
  SmsOtp__Storage__ReceiptQueue: receiptQueueName
})

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  // Starts after storage and Key Vault (and their role assignments) through their outputs, and after
  // monitoring (the component it reads by name, and its role assignment) through Key Vault, whose
  // audit log needs the workspace.
  params: {
    location: location
    tags: tags
    planName: names.plan
    functionAppName: names.functionApp
    identityResourceId: identity.id
    identityClientId: identity.properties.clientId
    storageAccountName: names.storage
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appInsightsName: names.appInsights
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    alwaysReady: alwaysReady
    serviceSettings: serviceSettings
  }
}

// Alerts and the workbook read the telemetry the app exports (docs/operations.md). They name the
// workspace by its (deterministic) name, so What-If can predict them; dependsOn orders them after it.
module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  dependsOn: [
    monitoring
  ]
  params: {
    location: location
    tags: tags
    namePrefix: environmentName
    identityName: names.alertsIdentity
    workspaceName: names.logAnalytics
    alertEmail: alertEmail
    deliveryFailurePercentThreshold: deliveryFailurePercentThreshold
    deliveryFailureMinAttempts: deliveryFailureMinAttempts
    poisonMessageThreshold: poisonMessageThreshold
    conversionPercentThreshold: conversionPercentThreshold
    conversionMinSends: conversionMinSends
    serverErrorPercentThreshold: serverErrorPercentThreshold
    serverErrorMinRequests: serverErrorMinRequests
    fraudGuardSuspensionThreshold: fraudGuardSuspensionThreshold
  }
}

var acsResourceName = empty(acsName) ? '${compactName}acs${resourceToken}' : acsName

module acsResource 'modules/acs-resource.bicep' = if (acsMode == 'new') {
  name: 'acs-resource'
  params: {
    acsName: acsResourceName
    dataLocation: acsDataLocation
    tags: tags
  }
}

module acs 'modules/acs.bicep' = if (acsMode != 'none') {
  name: 'acs'
  dependsOn: [
    acsResource
    storage
  ]
  params: {
    acsName: acsResourceName
    tags: tags
    namePrefix: environmentName
    principalId: identity.properties.principalId
    identityResourceId: identity.id
    storageAccountName: names.storage
    receiptQueueName: receiptQueueName
    deadLetterContainerName: acsDeadLetterContainerName
    actionGroupId: alerts.outputs.actionGroupId
  }
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  dependsOn: [
    monitoring
  ]
  params: {
    location: location
    tags: tags
    displayName: 'SMS OTP service (${environmentName})'
    workspaceName: names.logAnalytics
  }
}

// ---------------------------------------------------------------------------------------------------
// Outputs (names and addresses only, never a secret)
// ---------------------------------------------------------------------------------------------------

output functionAppName string = functionApp.outputs.name
output functionAppHostName string = functionApp.outputs.defaultHostName
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'
output keyVaultName string = keyVault.outputs.name
output keyVaultUri string = keyVault.outputs.uri
output storageAccountName string = storage.outputs.name
output managedIdentityClientId string = identity.properties.clientId
output acsEndpoint string = acsMode == 'none' ? '' : 'https://${acsResourceName}.communication.azure.com'
output requiredSecretNames string[] = concat([hmacKeySecretName, queueEncryptionKeySecretName], providerSecretNames)
