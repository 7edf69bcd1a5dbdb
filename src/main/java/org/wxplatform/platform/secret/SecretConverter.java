package org.wxplatform.platform.secret;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** JPA: a secret column is sealed on the way in and opened on the way out ({@link SecretBox}). */
@Converter
public class SecretConverter implements AttributeConverter<String, String> {

    @Override
    public String convertToDatabaseColumn(String clear) {
        return SecretBox.configured().seal(clear);
    }

    @Override
    public String convertToEntityAttribute(String stored) {
        return SecretBox.configured().open(stored);
    }
}
