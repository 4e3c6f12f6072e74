/**
 * The enumerations of Office.js that Outlook add-ins read, with the values Office.js has at run
 * time. They are strings, not the numbers a TypeScript `enum` declaration suggests (@types/office-js
 * declares `enum AsyncResultStatus { Succeeded, Failed }`, but office.js sets "succeeded" and
 * "failed"); code that compares with literals depends on the real values.
 */

export const AsyncResultStatus = { Succeeded: 'succeeded', Failed: 'failed' } as const;

export const CoercionType = { Text: 'text', Html: 'html', Matrix: 'matrix', Table: 'table', Ooxml: 'ooxml' } as const;

export const HostType = {
  Outlook: 'Outlook',
  Word: 'Word',
  Excel: 'Excel',
  PowerPoint: 'PowerPoint',
  OneNote: 'OneNote',
  Project: 'Project',
  Access: 'Access',
} as const;

export const PlatformType = {
  PC: 'PC',
  OfficeOnline: 'OfficeOnline',
  Mac: 'Mac',
  iOS: 'iOS',
  Android: 'Android',
  Universal: 'Universal',
} as const;

export const EventType = {
  DialogMessageReceived: 'dialogMessageReceived',
  DialogEventReceived: 'dialogEventReceived',
  DialogParentMessageReceived: 'dialogParentMessageReceived',
  OfficeThemeChanged: 'officeThemeChanged',
  ItemChanged: 'olkItemSelectedChanged',
  SelectedItemsChanged: 'olkSelectedItemsChanged',
  RecipientsChanged: 'olkRecipientsChanged',
  AttachmentsChanged: 'olkAttachmentsChanged',
  AppointmentTimeChanged: 'olkAppointmentTimeChanged',
  EnhancedLocationsChanged: 'olkEnhancedLocationsChanged',
  RecurrenceChanged: 'olkRecurrenceChanged',
  InfobarClicked: 'olkInfobarClicked',
} as const;

export const MailboxEnums = {
  ItemType: { Message: 'message', Appointment: 'appointment' },
  ItemNotificationMessageType: {
    ProgressIndicator: 'progressIndicator',
    InformationalMessage: 'informationalMessage',
    ErrorMessage: 'errorMessage',
    InsightMessage: 'insightMessage',
  },
  RecurrenceType: { Daily: 'daily', Weekday: 'weekday', Weekly: 'weekly', Monthly: 'monthly', Yearly: 'yearly' },
  Days: {
    Mon: 'mon',
    Tue: 'tue',
    Wed: 'wed',
    Thu: 'thu',
    Fri: 'fri',
    Sat: 'sat',
    Sun: 'sun',
    Weekday: 'weekday',
    WeekendDay: 'weekendDay',
    Day: 'day',
  },
  WeekNumber: { First: 'first', Second: 'second', Third: 'third', Fourth: 'fourth', Last: 'last' },
  Month: {
    Jan: 'jan',
    Feb: 'feb',
    Mar: 'mar',
    Apr: 'apr',
    May: 'may',
    Jun: 'jun',
    Jul: 'jul',
    Aug: 'aug',
    Sep: 'sep',
    Oct: 'oct',
    Nov: 'nov',
    Dec: 'dec',
  },
  RecipientType: { DistributionList: 'distributionList', User: 'user', ExternalUser: 'externalUser', Other: 'other' },
  ResponseType: { None: 'none', Organizer: 'organizer', Tentative: 'tentative', Accepted: 'accepted', Declined: 'declined' },
  LocationType: { Custom: 'custom', Room: 'room' },
  RestVersion: { v1_0: 'v1.0', v2_0: 'v2.0', Beta: 'beta' },
  SourceProperty: { Body: 'body', Subject: 'subject' },
  BodyType: { Text: 'text', Html: 'html' },
  AppointmentSensitivityType: { Normal: 'normal', Personal: 'personal', Private: 'private', Confidential: 'confidential' },
  EntityType: {
    Address: 'address',
    Contact: 'contact',
    EmailAddress: 'emailAddress',
    MeetingSuggestion: 'meetingSuggestion',
    PhoneNumber: 'phoneNumber',
    TaskSuggestion: 'taskSuggestion',
    Url: 'url',
  },
  ActionType: { ShowTaskPane: 'showTaskPane' },
} as const;
